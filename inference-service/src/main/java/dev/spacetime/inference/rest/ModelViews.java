package dev.spacetime.inference.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.spacetime.contracts.ModelPublished;
import dev.spacetime.inference.service.LoadedModel;
import dev.spacetime.inference.service.ModelEntry;
import dev.spacetime.inference.service.Rejection;
import dev.spacetime.inference.service.RegistrySnapshot;
import dev.spacetime.inference.service.VersionState;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The read-side JSON of the registry ({@code GET /v1/models}, {@code GET /v1/models/{name}}). */
public final class ModelViews {

    private ModelViews() {
    }

    public record ModelList(int count, List<ModelView> models) {
    }

    /**
     * @param status SERVING when a default version answers predictions, else UNAVAILABLE
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelView(String name, String status, Integer defaultVersion, List<VersionView> versions,
                            List<RejectionView> rejections) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VersionView(int version, String status, boolean isDefault, String reason, String jobId,
                              String artifactUri, String sha256, long sizeBytes, String spec, Integer inputSize,
                              Integer outputSize, Map<String, String> architecture, Map<String, Double> metrics,
                              Instant publishedAt, Instant since) {
    }

    public record RejectionView(int version, String code, String detail, String artifactUri, String sha256, Instant at) {
    }

    public static ModelList of(RegistrySnapshot s) {
        List<ModelView> models = s.models().values().stream()
                .sorted(Comparator.comparing(ModelEntry::name))
                .map(ModelViews::of)
                .toList();
        return new ModelList(models.size(), models);
    }

    public static ModelView of(ModelEntry e) {
        LoadedModel dflt = e.defaultModel();
        List<VersionView> versions = e.versions().descendingMap().values().stream().map(v -> of(v, dflt)).toList();
        List<RejectionView> rejections = e.rejections().reversed().stream().map(ModelViews::of).toList();
        return new ModelView(e.name(), dflt == null ? "UNAVAILABLE" : "SERVING", dflt == null ? null : dflt.version(),
                versions, rejections);
    }

    private static VersionView of(VersionState v, LoadedModel dflt) {
        ModelPublished a = v.announcement();
        LoadedModel m = v.loaded();
        return new VersionView(v.version(), v.status().name(), m != null && m == dflt, v.reason(), a.jobId(),
                a.artifactUri(), a.sha256(), a.sizeBytes(), m == null ? null : m.spec(),
                m == null ? null : m.inputSize(), m == null ? null : m.outputSize(), a.architecture(), a.metrics(),
                a.publishedAt(), v.since());
    }

    private static RejectionView of(Rejection r) {
        return new RejectionView(r.version(), r.reason().name(), r.detail(), r.artifactUri(), r.sha256(), r.at());
    }
}
