package dev.spacetime.inference;

import static dev.spacetime.inference.ModelFixtures.announce;
import static dev.spacetime.inference.ModelFixtures.awaitVersionStatus;
import static dev.spacetime.inference.ModelFixtures.body;
import static dev.spacetime.inference.ModelFixtures.irisRows;
import static dev.spacetime.inference.ModelFixtures.publish;
import static dev.spacetime.inference.ModelFixtures.trainIris;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.spacetime.contracts.ModelPublished;
import dev.spacetime.contracts.SchemaVersion;
import dev.spacetime.engine.deep.DeepInit;
import dev.spacetime.engine.deep.DeepListener;
import dev.spacetime.engine.deep.DeepSpec;
import dev.spacetime.engine.kernel.Activation;
import dev.spacetime.stack.StackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A chunked-disk model (the deep engine's weight file + head file, as trainer-service publishes it) cannot be served
 * here: it is refused with a reason that says so, whether its announcement names its engine or not, and the consumer
 * goes on to the next model.
 */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, initArgs = @ResourceArg(name = StackTestResource.POSTGRES_ARG, value = "false"))
class ChunkedDiskArtifactTest {

    /** A real deep model in the store, announced as the trainer does (architecture.engine = chunked-disk or none). */
    private static ModelPublished deepModel(String name, int version, boolean namesEngine) throws Exception {
        String uri = "models/" + name + "/" + version + "/deep.weights";
        Path weights = StackTestResource.artifactDir().resolve(uri);
        DeepInit.create(weights, weights.resolveSibling("deep.weights.head"),
                new DeepSpec(50, 4, Activation.SOFTSIGN, DeepSpec.defaultAlpha(50)), 0, 1, DeepListener.NONE);
        byte[] bytes = Files.readAllBytes(weights);
        Map<String, String> architecture = namesEngine
                ? Map.of("engine", "chunked-disk", "kind", "deep-residual", "layers", "50", "width", "4")
                : Map.of("kind", "deep-residual", "layers", "50", "width", "4");
        return new ModelPublished(SchemaVersion.CURRENT, name, version, "job-" + name, architecture, uri,
                ModelFixtures.sha256(bytes), bytes.length, Map.of("test_accuracy", 0.5), Instant.now());
    }

    @Test
    void aChunkedDiskModelIsRefusedWithAReasonAndTheConsumerGoesOn() throws Exception {
        String name = "deep-l50-w4-softsign";
        announce(deepModel(name, 1, true));
        awaitVersionStatus(name, 1, "REJECTED");
        announce(deepModel(name, 2, false));
        awaitVersionStatus(name, 2, "REJECTED");

        given().get("/v1/models/" + name).then().statusCode(200)
                .body("versions.find { it.version == 1 }.reason", containsString("UNSUPPORTED_ENGINE"))
                .body("versions.find { it.version == 1 }.reason", containsString("trained by engine chunked-disk"))
                .body("versions.find { it.version == 1 }.reason", containsString("spacetime deep eval"))
                .body("versions.find { it.version == 2 }.reason", containsString("UNSUPPORTED_ENGINE"))
                .body("rejections.find { it.version == 2 }.code", equalTo("UNSUPPORTED_ENGINE"));
        given().contentType(ContentType.JSON).body(body(irisRows(0, 1)))
                .post("/v1/models/" + name + "/predict").then().statusCode(503)
                .body("detail", containsString("no serving version"));

        publish("iris-after-deep", 1, trainIris(21, 5));
        given().contentType(ContentType.JSON).body(body(irisRows(0, 2)))
                .post("/v1/models/iris-after-deep/predict").then().statusCode(200).body("version", equalTo(1));
    }
}
