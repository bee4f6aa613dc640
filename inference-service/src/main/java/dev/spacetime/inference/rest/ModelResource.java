package dev.spacetime.inference.rest;

import dev.spacetime.contracts.ModelRetired;
import dev.spacetime.contracts.SchemaVersion;
import dev.spacetime.contracts.Topics;
import dev.spacetime.inference.config.InferenceConfig;
import dev.spacetime.inference.messaging.RetirementPublisher;
import dev.spacetime.inference.service.BadInputException;
import dev.spacetime.inference.service.ModelEntry;
import dev.spacetime.inference.service.ModelNotFoundException;
import dev.spacetime.inference.service.ModelRegistry;
import dev.spacetime.inference.service.PredictionService;
import dev.spacetime.inference.service.RetirementNotRecordedException;
import dev.spacetime.inference.service.VersionState;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The prediction API. Predictions and reads are open; retiring a version needs the bearer token and goes through
 * Kafka, so that every instance applies it. Everything here is non-blocking: a small request (≤
 * {@code spacetime.inference.inline-rows} rows) is predicted on the I/O thread that parsed it, a larger one on the
 * worker pool; a retirement waits for the broker's acknowledgement without holding a thread.
 */
@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models", description = "Served models, versions and predictions")
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "spacetime.api-token")
public class ModelResource {

    private final PredictionService predictions;
    private final ModelRegistry registry;
    private final RetirementPublisher retirements;
    private final int inlineRows;
    private final String instanceId;

    public ModelResource(PredictionService predictions, ModelRegistry registry, RetirementPublisher retirements,
                         InferenceConfig config) {
        this.predictions = predictions;
        this.registry = registry;
        this.retirements = retirements;
        this.inlineRows = config.inference().inlineRows();
        this.instanceId = config.inference().instanceId();
    }

    @POST
    @Path("/{name}/predict")
    @NonBlocking
    @Operation(summary = "Predict with a model", description = "Body {\"inputs\": [[x1, x2, ...], ...]}: raw feature rows; "
            + "the model's recorded normalisation is applied. Answers per-row outputs (softmax probabilities) and classes.")
    @APIResponse(responseCode = "200", description = "Outputs and predicted classes")
    @APIResponse(responseCode = "400", description = "Bad input (problem body names the row and column)")
    @APIResponse(responseCode = "404", description = "Unknown model or version")
    @APIResponse(responseCode = "413", description = "Body larger than quarkus.http.limits.max-body-size")
    public Uni<PredictResponse> predict(@PathParam("name") String name,
                                        @Parameter(description = "a version number; default: the newest valid one")
                                        @QueryParam("version") String version,
                                        PredictRequest request) {
        if (request == null) {
            throw new BadInputException("the request body is empty: expected " + PredictRequestReader.SHAPE);
        }
        Integer v = parseVersion(version);
        float[][] rows = request.inputs();
        if (rows.length <= inlineRows) {
            return Uni.createFrom().item(answer(name, v, rows));
        }
        return Uni.createFrom().item(() -> answer(name, v, rows)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    @GET
    @NonBlocking
    @Operation(summary = "All models: versions, default version, status and recent refusals")
    public ModelViews.ModelList list() {
        return ModelViews.of(registry.snapshot());
    }

    @GET
    @Path("/{name}")
    @NonBlocking
    @Operation(summary = "One model: versions, default version, status and recent refusals")
    @APIResponse(responseCode = "404", description = "Unknown model")
    public ModelViews.ModelView get(@PathParam("name") String name) {
        ModelEntry e = registry.snapshot().model(name);
        if (e == null) {
            throw new ModelNotFoundException("no model named '" + name + "' (GET /v1/models lists them)");
        }
        return ModelViews.of(e);
    }

    @DELETE
    @Path("/{name}/{version}")
    @NonBlocking
    @TokenRequired
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Retire a version", description = "Publishes a ModelRetired record on spacetime.models: every "
            + "instance stops serving the version, for good (also after a restart). It stops serving on the instance "
            + "that answers before the answer; the default moves to the newest remaining serving version. Retiring a "
            + "retired version changes nothing. Needs Authorization: Bearer <spacetime.api-token>.")
    @APIResponse(responseCode = "200", description = "The model after the retirement")
    @APIResponse(responseCode = "400", description = "The version is not a number ≥ 1")
    @APIResponse(responseCode = "401", description = "Missing or wrong bearer token")
    @APIResponse(responseCode = "403", description = "No spacetime.api-token is configured: mutations are disabled")
    @APIResponse(responseCode = "404", description = "Unknown model or version")
    @APIResponse(responseCode = "503", description = "Kafka did not take the retirement: nothing was retired, try again")
    public Uni<ModelViews.ModelView> retire(@PathParam("name") String name, @PathParam("version") String version) {
        Integer v = parseVersion(version);
        if (v == null) {
            throw new BadInputException("a version number is required: DELETE /v1/models/{name}/{version}");
        }
        if (registry.known(name, v).status() == VersionState.Status.RETIRED) {
            return Uni.createFrom().item(ModelViews.of(registry.snapshot().model(name)));
        }
        ModelRetired record = new ModelRetired(SchemaVersion.CURRENT, name, v,
                "retired through DELETE /v1/models/" + name + "/" + v, instanceId, Instant.now());
        // Applied here as soon as the broker has it, not when this instance reads it back: the answer shows the model
        // after the retirement and the caller's next request here must not meet the version, however far behind this
        // instance's consumer is (it may be replaying or loading an artifact). Reading it back applies it again, which
        // changes nothing (retirement is idempotent); the other instances apply it when they read it.
        return retirements.publish(record)
                .onFailure().transform(e -> new RetirementNotRecordedException("the retirement of model '" + name
                        + "' version " + v + " was not recorded on " + Topics.MODELS + " (" + e.getMessage()
                        + "): nothing was retired; try again once Kafka is reachable", e))
                .map(ignored -> ModelViews.of(registry.retire(record)));
    }

    private PredictResponse answer(String name, Integer version, float[][] rows) {
        PredictionService.Result r = predictions.predict(name, version, rows);
        return new PredictResponse(name, r.model().version(), r.prediction().outputs(), r.prediction().classes());
    }

    private static Integer parseVersion(String version) {
        if (version == null || version.isEmpty()) {
            return null;
        }
        try {
            int v = Integer.parseInt(version);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the message below
        }
        throw new BadInputException("version '" + version + "' is not a version number (an integer ≥ 1)");
    }
}
