package dev.spacetime.results.rest;

import dev.spacetime.results.service.SweepService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/sweeps/{sweepId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sweeps")
public class SweepResource {

    @Inject
    SweepService sweeps;

    @GET
    @Path("summary")
    @Operation(summary = "Per configuration: mean ± std and 95% Student-t interval over seeds of test accuracy, "
            + "training time, epoch time, inference p50/p99; the winners by category")
    public Map<String, Object> summary(@PathParam("sweepId") String sweepId,
                                       @Parameter(description = "also mean ± std per epoch of every curve")
                                       @QueryParam("curves") String curves) {
        return sweeps.summary(sweepId, Params.bool("curves", curves));
    }

    @GET
    @Path("winners")
    @Operation(summary = "Best configuration per category (accuracy, training speed, parameter efficiency, "
            + "inference latency), by mean over seeds")
    public Map<String, Object> winners(@PathParam("sweepId") String sweepId) {
        return sweeps.winners(sweepId);
    }
}
