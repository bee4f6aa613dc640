package dev.spacetime.results.rest;

import dev.spacetime.results.persistence.RunQueries;
import dev.spacetime.results.persistence.RunQueries.ModelRow;
import dev.spacetime.results.service.NotFound;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The model registry: every published version with its metrics, artifact location and status (PUBLISHED, or RETIRED
 * with when and why once inference-service's {@code DELETE} retired it).
 */
@Path("/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models")
public class ModelResource {

    @Inject
    RunQueries queries;

    @GET
    @Operation(summary = "Every model with its latest version and version count")
    public Map<String, Object> list() {
        Map<String, List<ModelRow>> byName = new LinkedHashMap<>();
        queries.models(null).forEach(m -> byName.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(m));
        List<Map<String, Object>> models = new ArrayList<>();
        byName.forEach((name, versions) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("versions", versions.size());
            m.put("latest", toMap(versions.getLast()));
            models.add(m);
        });
        return Map.of("models", models);
    }

    @GET
    @Path("{name}")
    @Operation(summary = "One model's versions (oldest first) with metrics, artifact location and status "
            + "(PUBLISHED or RETIRED, with retired_at and retired_reason)")
    public Map<String, Object> versions(@PathParam("name") String name) {
        List<ModelRow> versions = queries.models(name);
        if (versions.isEmpty()) {
            throw new NotFound("no model '" + name + "'");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("versions", versions.stream().map(ModelResource::toMap).toList());
        return m;
    }

    static Map<String, Object> toMap(ModelRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("version", r.version());
        m.put("job_id", r.jobId());
        m.put("architecture", r.architecture());
        m.put("artifact_uri", r.artifactUri());
        m.put("sha256", r.sha256());
        m.put("size_bytes", r.sizeBytes());
        m.put("metrics", r.metrics());
        m.put("published_at", r.publishedAt());
        m.put("status", r.status());
        if (r.retiredAt() != null) {
            m.put("retired_at", r.retiredAt());
            m.put("retired_reason", r.retiredReason());
        }
        return m;
    }
}
