package dev.spacetime.results.rest;

import dev.spacetime.results.persistence.RunQueries;
import dev.spacetime.results.service.CsvExport;
import dev.spacetime.results.service.RunService;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/")
@Tag(name = "runs")
public class RunResource {

    @Inject
    RunService runs;

    @Inject
    RunQueries queries;

    @GET
    @Path("runs")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Runs, newest first, filtered and paged: {total, limit, offset, runs}")
    public Map<String, Object> list(@QueryParam("sweep") String sweep, @QueryParam("model") String model,
                                    @Parameter(description = "ACCEPTED, RUNNING, COMPLETED, FAILED or CANCELLED")
                                    @QueryParam("status") String status,
                                    @QueryParam("dataset") String dataset,
                                    @Parameter(description = "page size, 1..spacetime.query.max-page-size (default 50)")
                                    @QueryParam("limit") String limit,
                                    @QueryParam("offset") String offset) {
        return runs.page(Params.filter(sweep, model, status, dataset), Params.integer("limit", limit),
                Params.whole("offset", offset));
    }

    @GET
    @Path("runs/compare")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Runs side by side: final metrics per run and per-epoch curves")
    public Map<String, Object> compare(@Parameter(description = "comma-separated job ids") @QueryParam("ids") String ids) {
        return runs.compare(ids);
    }

    @GET
    @Path("runs/{jobId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One run: configuration, status, final metrics, every event and its curves")
    public Map<String, Object> run(@PathParam("jobId") String jobId) {
        return runs.run(jobId);
    }

    @GET
    @Path("runs.csv")
    @Produces("text/csv")
    @Operation(summary = "CSV export: one row per run with every configuration field and the final metrics")
    public Response csv(@QueryParam("sweep") String sweep, @QueryParam("model") String model,
                        @QueryParam("status") String status, @QueryParam("dataset") String dataset) {
        String body = CsvExport.toCsv(queries.all(Params.filter(sweep, model, status, dataset)));
        return Response.ok(body, "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"runs.csv\"").build();
    }

    @DELETE
    @Path("runs/{jobId}")
    @TokenRequired
    @Operation(summary = "Delete a run with its events, curves and results (bearer token)")
    public Response delete(@PathParam("jobId") String jobId) {
        runs.delete(jobId);
        return Response.noContent().build();
    }
}
