package dev.spacetime.trainer.rest;

import dev.spacetime.trainer.service.ArtifactStore;
import dev.spacetime.trainer.service.InvalidJobException;
import dev.spacetime.trainer.service.JobStatus;
import dev.spacetime.trainer.service.JobStatusView;
import dev.spacetime.trainer.service.Submissions;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Sweeps: a grid (or explicit points) × seeds, one job per point, spread over the job topic's partitions. */
@Path("/sweeps")
@Produces(MediaType.APPLICATION_JSON)
public class SweepResource {

    private final Submissions submissions;
    private final JobStatusView view;

    public SweepResource(Submissions submissions, JobStatusView view) {
        this.submissions = submissions;
        this.view = view;
    }

    @POST
    @Secured
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a sweep", description = "{\"base\": <job request>, \"grid\": {\"lr\": [\"0.1\",\"0.01\"], "
            + "\"hidden\": [\"64\",\"128\"]}, \"seeds\": 2} makes one job per grid point and seed; every job is validated "
            + "before any is published.")
    @APIResponse(responseCode = "202", description = "published: the sweep id and its jobs")
    @APIResponse(responseCode = "400", description = "a point is invalid (problem body names it)")
    public CompletionStage<Response> submit(Submissions.SweepRequest request) {
        if (request == null) {
            throw new InvalidJobException("body", "the body is missing: {\"base\": {...}, \"grid\": {...}, \"seeds\": N}");
        }
        return submissions.sweep(request).thenApply(jobs -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("sweepId", jobs.getFirst().sweepId());
            body.put("count", jobs.size());
            body.put("jobs", jobs);
            return Response.accepted(body).build();
        });
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A sweep's jobs and how many are in each state")
    @APIResponse(responseCode = "404", description = "no job of this sweep is known here")
    public Response get(@PathParam("id") String id) {
        if (!ArtifactStore.validJobId(id)) {
            throw new InvalidJobException("id", "sweep id '" + id + "' must be letters, digits, '.', '_' or '-'");
        }
        List<JobStatus> jobs = view.sweep(id);
        if (jobs.isEmpty()) {
            return Problem.response(Response.Status.NOT_FOUND, "no job of sweep " + id + " is known here (yet)", null);
        }
        Map<String, Integer> counts = new TreeMap<>();
        jobs.forEach(j -> counts.merge(j.status(), 1, Integer::sum));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sweepId", id);
        body.put("count", jobs.size());
        body.put("statuses", counts);
        body.put("jobs", jobs);
        return Response.ok(body).build();
    }
}
