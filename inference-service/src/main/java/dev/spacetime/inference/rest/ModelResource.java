package dev.spacetime.inference.rest;

import dev.spacetime.inference.config.InferenceConfig;
import dev.spacetime.inference.service.BadInputException;
import dev.spacetime.inference.service.ModelEntry;
import dev.spacetime.inference.service.ModelNotFoundException;
import dev.spacetime.inference.service.ModelRegistry;
import dev.spacetime.inference.service.PredictionService;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The prediction API. Predictions and reads are open; retiring a version needs the bearer token. Everything here is
 * non-blocking: a small request (≤ {@code spacetime.inference.inline-rows} rows) is predicted on the I/O thread that
 * parsed it, a larger one on the worker pool.
 */
@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models", description = "Served models, versions and predictions")
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "spacetime.api-token")
public class ModelResource {

    private final PredictionService predictions;
    private final ModelRegistry registry;
    private final int inlineRows;

    public ModelResource(PredictionService predictions, ModelRegistry registry, InferenceConfig config) {
        this.predictions = predictions;
        this.registry = registry;
        this.inlineRows = config.inference().inlineRows();
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
    @Operation(summary = "Retire a version", description = "It stops serving at once; the default moves to the newest "
            + "remaining version. Needs Authorization: Bearer <spacetime.api-token>.")
    @APIResponse(responseCode = "200", description = "The model after the retirement")
    @APIResponse(responseCode = "401", description = "Missing or wrong bearer token")
    @APIResponse(responseCode = "404", description = "Unknown model or version")
    public ModelViews.ModelView retire(@PathParam("name") String name, @PathParam("version") String version) {
        Integer v = parseVersion(version);
        if (v == null) {
            throw new BadInputException("a version number is required: DELETE /v1/models/{name}/{version}");
        }
        return ModelViews.of(registry.retire(name, v));
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
