package dev.spacetime.inference;

import static dev.spacetime.inference.ModelFixtures.announce;
import static dev.spacetime.inference.ModelFixtures.awaitVersionStatus;
import static dev.spacetime.inference.ModelFixtures.isRetirement;
import static dev.spacetime.inference.ModelFixtures.publish;
import static dev.spacetime.inference.ModelFixtures.trainIris;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.contracts.Json;
import dev.spacetime.contracts.ModelPublished;
import dev.spacetime.contracts.ModelRetired;
import dev.spacetime.contracts.Topics;
import dev.spacetime.stack.StackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Retiring a version needs the bearer token, publishes a ModelRetired on the models topic and moves the default to
 * the newest remaining version; a retirement another instance published is applied here too.
 */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, initArgs = @ResourceArg(name = StackTestResource.POSTGRES_ARG, value = "false"))
class RetireAndAuthTest {

    static final String NAME = "iris-retire";
    static final String AUTH = "Bearer " + StackTestResource.API_TOKEN;

    private static int predictVersion(String query) {
        return given().contentType(ContentType.JSON).body("{\"inputs\":[[5.1,3.5,1.4,0.2]]}")
                .post("/v1/models/" + NAME + "/predict" + query).then().statusCode(200).extract().path("version");
    }

    private static boolean announces(ConsumerRecord<String, String> r, String name, int version) {
        return name.equals(r.key()) && !isRetirement(r) && Json.read(r.value(), ModelPublished.class).version() == version;
    }

    @Test
    void retiringNeedsTheTokenAndMovesTheDefault() {
        ModelFixtures.Trained t = trainIris(21, 5);
        publish(NAME, 1, t);
        ModelPublished v2 = publish(NAME, 2, trainIris(22, 5));
        assertEquals(2, predictVersion(""));

        given().delete("/v1/models/" + NAME + "/2").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer").body("detail", containsString("Authorization: Bearer"));
        given().header("Authorization", "Bearer wrong").delete("/v1/models/" + NAME + "/2")
                .then().statusCode(401).contentType("application/problem+json");
        assertEquals(2, predictVersion(""), "a refused DELETE changes nothing");

        given().header("Authorization", AUTH).delete("/v1/models/" + NAME + "/2").then().statusCode(200)
                .body("defaultVersion", equalTo(1))
                .body("versions.find { it.version == 2 }.status", equalTo("RETIRED"))
                .body("versions.find { it.version == 2 }.reason", equalTo("retired through DELETE /v1/models/" + NAME + "/2"));
        assertEquals(1, predictVersion(""));
        given().contentType(ContentType.JSON).body("{\"inputs\":[[5.1,3.5,1.4,0.2]]}")
                .post("/v1/models/" + NAME + "/predict?version=2").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("RETIRED"));

        given().header("Authorization", AUTH).delete("/v1/models/" + NAME + "/2").then().statusCode(200)
                .body("versions.find { it.version == 2 }.status", equalTo("RETIRED"));

        // A replayed announcement of a retired version does not bring it back (processed before v3, in order).
        announce(v2);
        publish(NAME, 3, t);
        given().get("/v1/models/" + NAME).then()
                .body("versions.find { it.version == 2 }.status", equalTo("RETIRED"))
                .body("defaultVersion", equalTo(3));

        // The DELETE is on the models topic for every other instance (and for restarts): a ModelRetired, keyed by the
        // model's name, after the announcement of the version it retires. Retiring it again writes nothing more.
        // (read up to the announcement of v3, which was written after both DELETEs)
        List<ConsumerRecord<String, String>> records = StackTestResource.consumeUntil(Topics.MODELS,
                rs -> rs.stream().anyMatch(r -> announces(r, NAME, 3)), StackTestResource.DEFAULT_TIMEOUT);
        ConsumerRecord<String, String> published = records.stream().filter(r -> announces(r, NAME, 2)).findFirst().orElseThrow();
        List<ConsumerRecord<String, String>> retirements = records.stream().filter(r -> NAME.equals(r.key()) && isRetirement(r)
                && Json.read(r.value(), ModelRetired.class).version() == 2).toList();
        assertEquals(1, retirements.size(), "one record for two DELETEs of one version");
        ConsumerRecord<String, String> retired = retirements.getFirst();
        assertTrue(retired.partition() == published.partition() && retired.offset() > published.offset(),
                "the retirement follows the announcement on its partition");
        ModelRetired r = Json.read(retired.value(), ModelRetired.class);
        assertEquals(NAME, r.modelName());
        assertEquals(2, r.version());
        assertEquals("retired through DELETE /v1/models/" + NAME + "/2", r.reason());
        assertNotNull(r.instance());
        assertNotNull(r.retiredAt());

        given().header("Authorization", AUTH).delete("/v1/models/no-such-model/1").then().statusCode(404)
                .contentType("application/problem+json");
        given().header("Authorization", AUTH).delete("/v1/models/" + NAME + "/42").then().statusCode(404);
        given().header("Authorization", AUTH).delete("/v1/models/" + NAME + "/latest").then().statusCode(400)
                .contentType("application/problem+json");

        // With every version retired the model is known but cannot answer: 503, not 500.
        given().header("Authorization", AUTH).delete("/v1/models/" + NAME + "/1").then().statusCode(200);
        given().header("Authorization", AUTH).delete("/v1/models/" + NAME + "/3").then().statusCode(200)
                .body("status", equalTo("UNAVAILABLE"));
        given().contentType(ContentType.JSON).body("{\"inputs\":[[5.1,3.5,1.4,0.2]]}")
                .post("/v1/models/" + NAME + "/predict").then().statusCode(503).contentType("application/problem+json");
        awaitVersionStatus(NAME, 3, "RETIRED");
    }

    @Test
    void aRetirementAnotherInstancePublishedIsAppliedHere() {
        String name = NAME + "-peer";
        publish(name, 1, trainIris(23, 5));
        publish(name, 2, trainIris(24, 5));
        ModelFixtures.retire(name, 2, "retired through DELETE on another instance");
        awaitVersionStatus(name, 2, "RETIRED");
        given().get("/v1/models/" + name).then().body("defaultVersion", equalTo(1))
                .body("versions.find { it.version == 2 }.reason", equalTo("retired through DELETE on another instance"));
        // This instance's own DELETE of it changes nothing: it is retired already.
        given().header("Authorization", AUTH).delete("/v1/models/" + name + "/2").then().statusCode(200)
                .body("defaultVersion", equalTo(1));
    }

    @Test
    void badRetirementsAnswerProblemsAndWriteNothing() {
        String name = NAME + "-bad";
        publish(name, 1, trainIris(25, 5));
        given().delete("/v1/models/" + name + "/1").then().statusCode(401).contentType("application/problem+json")
                .body("status", equalTo(401));
        given().header("Authorization", AUTH).delete("/v1/models/" + name + "/9").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("no version 9"));
        given().header("Authorization", AUTH).delete("/v1/models/" + name + "/0").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("'0'"));
        given().get("/v1/models/" + name).then().body("defaultVersion", equalTo(1))
                .body("versions.find { it.version == 1 }.status", equalTo("SERVING"));
        // Nothing reached the topic: after a later announcement of this model, no retirement of it is there.
        publish(name, 2, trainIris(26, 5));
        List<ConsumerRecord<String, String>> records = StackTestResource.consumeUntil(Topics.MODELS,
                rs -> rs.stream().anyMatch(r -> announces(r, name, 2)), StackTestResource.DEFAULT_TIMEOUT);
        assertTrue(records.stream().noneMatch(r -> name.equals(r.key()) && isRetirement(r)), "no retirement written");
    }
}
