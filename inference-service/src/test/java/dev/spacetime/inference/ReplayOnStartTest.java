package dev.spacetime.inference;

import static dev.spacetime.inference.ModelFixtures.body;
import static dev.spacetime.inference.ModelFixtures.irisRows;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spacetime.contracts.ModelPublished;
import dev.spacetime.engine.infer.Predictor;
import dev.spacetime.stack.StackTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A new instance rebuilds its registry from the topic: the model here is announced BEFORE this application starts
 * (by a test resource, which also makes Quarkus start a fresh application with a fresh consumer group), and the
 * instance is ready only once it has replayed it, retirements included.
 */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, initArgs = @ResourceArg(name = StackTestResource.POSTGRES_ARG, value = "false"))
@WithTestResource(ReplayOnStartTest.AnnouncedBeforeStart.class)
class ReplayOnStartTest {

    static final String NAME = "iris-replayed";
    static final String RETIRED = "iris-replayed-retired";

    /**
     * Writes and announces two versions before the application under test exists; for a second model also a
     * retirement of its version 2 (as another instance's DELETE writes it) and then a repeated announcement of it.
     */
    public static class AnnouncedBeforeStart implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            ModelFixtures.announce(ModelFixtures.write(NAME, 1, ModelFixtures.trainIris(41, 5)));
            ModelFixtures.announce(ModelFixtures.write(NAME, 2, ModelFixtures.trainIris(42, 5)));
            ModelFixtures.announce(ModelFixtures.write(RETIRED, 1, ModelFixtures.trainIris(43, 5)));
            ModelPublished v2 = ModelFixtures.write(RETIRED, 2, ModelFixtures.trainIris(44, 5));
            ModelFixtures.announce(v2);
            ModelFixtures.retire(RETIRED, 2, "retired before this instance started");
            ModelFixtures.announce(v2);
            return Map.of();
        }

        @Override
        public void stop() {
        }
    }

    record Answer(String model, int version, float[][] outputs, int[] predictions) {
    }

    @Test
    void aFreshInstanceReplaysTheTopicBeforeItIsReady() throws Exception {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        // Ready means caught up: no waiting for the models themselves.
        given().get("/v1/models/" + NAME).then().statusCode(200).body("defaultVersion", equalTo(2))
                .body("versions.size()", equalTo(2));
        given().get("/q/health/ready").then().body("checks.find { it.name == 'model-registry' }.data.topic",
                containsString("caught up"));

        float[][] rows = irisRows(5, 4);
        String json = given().contentType(ContentType.JSON).body(body(rows)).post("/v1/models/" + NAME + "/predict")
                .then().statusCode(200).extract().asString();
        Answer a = new ObjectMapper().readValue(json, Answer.class);
        // Training is deterministic: the same seed gives the weights the test resource announced.
        Predictor.Prediction want = ModelFixtures.trainIris(42, 5).predictor().predict(rows);
        for (int r = 0; r < rows.length; r++) {
            assertArrayEquals(want.outputs()[r], a.outputs()[r]);
        }
    }

    @Test
    void aRetirementOnTheTopicSurvivesTheReplayAndTheAnnouncementThatFollowsIt() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        given().get("/v1/models/" + RETIRED).then().statusCode(200).body("defaultVersion", equalTo(1))
                .body("versions.find { it.version == 2 }.status", equalTo("RETIRED"))
                .body("versions.find { it.version == 2 }.reason", equalTo("retired before this instance started"));
        given().contentType(ContentType.JSON).body(body(irisRows(0, 1))).post("/v1/models/" + RETIRED + "/predict?version=2")
                .then().statusCode(404).contentType("application/problem+json").body("detail", containsString("RETIRED"));
    }
}
