package dev.spacetime.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * A trained model written to the artifact store. Consumers verify {@code sha256} and {@code sizeBytes} before using
 * the artifact and refuse it (keeping the previous version) when they do not match.
 *
 * @param artifactUri  where the model file is, relative to the artifact store root: {@code <name>/<version>/model.stm}
 * @param architecture the model spec as key=value pairs (kind, sizes, hidden, depth, …)
 * @param metrics      headline figures (test_accuracy, params, train_seconds, inference_p50_us)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelPublished(int schemaVersion, String modelName, int version, String jobId,
                             Map<String, String> architecture, String artifactUri, String sha256, long sizeBytes,
                             Map<String, Double> metrics, Instant publishedAt) {

    public ModelPublished {
        SchemaVersion.check(schemaVersion, "ModelPublished");
        if (version < 1) {
            throw new IllegalArgumentException("model version " + version + " must be ≥ 1");
        }
        architecture = architecture == null ? Map.of() : Map.copyOf(architecture);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }
}
