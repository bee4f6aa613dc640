package dev.spacetime.results.rest;

import dev.spacetime.results.persistence.RunQueries;
import dev.spacetime.results.persistence.RunQueries.FrontierRow;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The space-time frontier as JSON: what the results page's scatters draw. */
@Path("/frontier")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "runs")
public class FrontierResource {

    @Inject
    RunQueries queries;

    @GET
    @Operation(summary = "Completed runs with accuracy, parameters, training time, peak RSS and their Pareto flags "
            + "(within sweep and dataset: all objectives, and accuracy against each cost alone)")
    public Map<String, Object> frontier(@QueryParam("sweep") String sweep, @QueryParam("model") String model,
                                        @QueryParam("dataset") String dataset) {
        return Map.of("runs", queries.frontier(Params.filter(sweep, model, null, dataset)).stream()
                .map(FrontierResource::toMap).toList());
    }

    static Map<String, Object> toMap(FrontierRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job_id", r.jobId());
        m.put("sweep_id", r.sweepId());
        m.put("dataset", r.dataset());
        m.put("model", r.model());
        m.put("config", r.config());
        m.put("seed", r.seed());
        m.put("test_accuracy", r.testAccuracy());
        m.put("params", r.params());
        m.put("train_seconds", r.trainSeconds());
        m.put("peak_rss_bytes", r.peakRssBytes());
        m.put("pareto", r.pareto());
        m.put("pareto_params", r.paretoParams());
        m.put("pareto_time", r.paretoTime());
        m.put("pareto_memory", r.paretoMemory());
        return m;
    }
}
