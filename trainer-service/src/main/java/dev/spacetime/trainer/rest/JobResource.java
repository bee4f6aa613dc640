package dev.spacetime.trainer.rest;

import dev.spacetime.trainer.service.ArtifactStore;
import dev.spacetime.trainer.service.CancelService;
import dev.spacetime.trainer.service.FinalRecord;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Jobs: submit, look up, cancel. */
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    private final Submissions submissions;
    private final JobStatusView view;
    private final ArtifactStore store;
    private final CancelService cancels;

    public JobResource(Submissions submissions, JobStatusView view, ArtifactStore store, CancelService cancels) {
        this.submissions = submissions;
        this.view = view;
        this.store = store;
        this.cancels = cancels;
    }

    @POST
    @Secured
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a training job", description = "A TrainingJob, or just model + dataset (+ modelOptions, "
            + "hyperparameters, seed, engine, jobId): the service fills in the id and submit time, validates it against "
            + "the engine and publishes it keyed by job id.")
    @RequestBody(description = "e.g. {\"model\":\"iris\",\"dataset\":\"iris\",\"hyperparameters\":{\"epochs\":\"20\"}}")
    @APIResponse(responseCode = "202", description = "published; follow GET /jobs/{id}")
    @APIResponse(responseCode = "400", description = "a field is invalid (problem body names it)")
    @APIResponse(responseCode = "401", description = "bearer token missing or wrong")
    public CompletionStage<Response> submit(Submissions.JobRequest request) {
        if (request == null) {
            throw new InvalidJobException("body", "the body is missing: a job, e.g. {\"model\":\"iris\",\"dataset\":\"iris\"}");
        }
        return submissions.submit(request).thenApply(p -> Response.accepted(Map.of("jobId", p.jobId(), "status", "SUBMITTED",
                "self", "/jobs/" + p.jobId())).location(URI.create("/jobs/" + p.jobId())).build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A job's state", description = "From the job events of every trainer replica; with the run "
            + "(the `spacetime train --json` shape) and the model once it COMPLETED.")
    @APIResponse(responseCode = "200", description = "the job")
    @APIResponse(responseCode = "404", description = "no event of this job has been seen")
    public Response get(@PathParam("id") String id) {
        if (!ArtifactStore.validJobId(id)) {
            throw new InvalidJobException("id", "job id '" + id + "' must be 1-128 letters, digits, '.', '_' or '-'");
        }
        Optional<JobStatus> status = view.get(id);
        Optional<FinalRecord> fin = store.readFinal(id);
        if (status.isEmpty() && fin.isEmpty()) {
            return Problem.response(Response.Status.NOT_FOUND, "no job " + id + " is known here (yet): submitted jobs "
                    + "appear once a trainer accepted them", null);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        status.ifPresent(s -> body.putAll(asMap(s)));
        fin.ifPresent(f -> {
            // The completion marker is the authority on a final state, even before this instance saw the event.
            body.put("jobId", id);
            body.put("status", f.event().type().name());
            body.putIfAbsent("sweepId", f.event().sweepId());
            if (f.event().reason() != null) {
                body.put("reason", f.event().reason());
            }
            if (!f.event().metrics().isEmpty()) {
                body.put("metrics", f.event().metrics());
            }
            if (f.model() != null) {
                body.put("model", f.model());
            }
            if (f.run() != null) {
                body.put("result", f.run());
            }
        });
        return Response.ok(body).build();
    }

    @POST
    @Path("/{id}/cancel")
    @Secured
    @Operation(summary = "Cancel a job", description = "A running job stops at its next step boundary; a job that has not "
            + "started never will. Either way it ends with a CANCELLED event.")
    @APIResponse(responseCode = "202", description = "cancel requested")
    @APIResponse(responseCode = "409", description = "the job already ended")
    public CompletionStage<Response> cancel(@PathParam("id") String id, @QueryParam("reason") String reason) {
        return cancels.request(id, reason).thenApply(v -> Response.accepted(Map.of("jobId", id, "status", "CANCEL_REQUESTED")).build());
    }

    private static Map<String, Object> asMap(JobStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jobId", s.jobId());
        m.put("sweepId", s.sweepId());
        m.put("status", s.status());
        m.put("lastEvent", s.lastEvent());
        m.put("sequence", s.sequence());
        m.put("epoch", s.epoch());
        m.put("metrics", s.metrics());
        m.put("reason", s.reason());
        m.put("worker", s.worker());
        m.put("attributes", s.attributes());
        m.put("updatedAt", s.updatedAt());
        m.values().removeIf(java.util.Objects::isNull);
        return m;
    }
}
