package dev.spacetime.inference;

import static dev.spacetime.inference.ModelFixtures.announce;
import static dev.spacetime.inference.ModelFixtures.awaitVersionStatus;
import static dev.spacetime.inference.ModelFixtures.publish;
import static dev.spacetime.inference.ModelFixtures.trainIris;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.spacetime.contracts.ModelPublished;
import dev.spacetime.stack.StackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** Retiring a version needs the bearer token; the default moves to the newest remaining version. */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, initArgs = @ResourceArg(name = StackTestResource.POSTGRES_ARG, value = "false"))
class RetireAndAuthTest {

    static final String NAME = "iris-retire";
    static final String AUTH = "Bearer " + StackTestResource.API_TOKEN;

    private static int predictVersion(String query) {
        return given().contentType(ContentType.JSON).body("{\"inputs\":[[5.1,3.5,1.4,0.2]]}")
                .post("/v1/models/" + NAME + "/predict" + query).then().statusCode(200).extract().path("version");
    }

    @Test
    void retiringNeedsTheTokenAndMovesTheDefault() {
        ModelFixtures.Trained t = trainIris(21, 5);
        publish(NAME, 1, t);
        ModelPublished v2 = publish(NAME, 2, trainIris(22, 5));
        org.junit.jupiter.api.Assertions.assertEquals(2, predictVersion(""));

        given().delete("/v1/models/" + NAME + "/2").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer").body("detail", containsString("Authorization: Bearer"));
        given().header("Authorization", "Bearer wrong").delete("/v1/models/" + NAME + "/2")
                .then().statusCode(401).contentType("application/problem+json");
        org.junit.jupiter.api.Assertions.assertEquals(2, predictVersion(""), "a refused DELETE changes nothing");

        given().header("Authorization", AUTH).delete("/v1/models/" + NAME + "/2").then().statusCode(200)
                .body("defaultVersion", equalTo(1))
                .body("versions.find { it.version == 2 }.status", equalTo("RETIRED"));
        org.junit.jupiter.api.Assertions.assertEquals(1, predictVersion(""));
        given().contentType(ContentType.JSON).body("{\"inputs\":[[5.1,3.5,1.4,0.2]]}")
                .post("/v1/models/" + NAME + "/predict?version=2").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("RETIRED"));

        // A replayed announcement of a retired version does not bring it back (processed before v3, in order).
        announce(v2);
        publish(NAME, 3, t);
        given().get("/v1/models/" + NAME).then()
                .body("versions.find { it.version == 2 }.status", equalTo("RETIRED"))
                .body("defaultVersion", equalTo(3));

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
}
