package dev.spacetime.inference;

import static dev.spacetime.inference.ModelFixtures.body;
import static dev.spacetime.inference.ModelFixtures.irisRows;
import static dev.spacetime.inference.ModelFixtures.publish;
import static dev.spacetime.inference.ModelFixtures.trainIris;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spacetime.engine.infer.Predictor;
import dev.spacetime.stack.StackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The happy path on the real broker: a model trained by the engine, written with ModelFile and announced on the
 * models topic answers over HTTP with exactly the engine's outputs and classes; versions and {@code ?version=}.
 */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, initArgs = @ResourceArg(name = StackTestResource.POSTGRES_ARG, value = "false"))
class PredictApiTest {

    static final String NAME = "iris-api";
    static final ObjectMapper JSON = new ObjectMapper();
    static ModelFixtures.Trained v1;
    static ModelFixtures.Trained v2;
    static boolean published;

    /** The answer as floats parsed from the JSON text (shortest round-trip decimals: parsing restores the exact bits). */
    record Answer(String model, int version, float[][] outputs, int[] predictions) {
    }

    /** Once per class, but in @BeforeEach: REST Assured knows the random test port only from then on. */
    @BeforeEach
    void publishTwoVersions() {
        if (published) {
            return;
        }
        v1 = trainIris(1, 20);
        v2 = trainIris(2, 40);
        publish(NAME, 1, v1);
        publish(NAME, 2, v2);
        published = true;
    }

    private static Answer predict(String query, float[][] rows) throws Exception {
        String json = given().contentType(ContentType.JSON).body(body(rows))
                .post("/v1/models/" + NAME + "/predict" + query)
                .then().statusCode(200).contentType(ContentType.JSON).extract().asString();
        return JSON.readValue(json, Answer.class);
    }

    private static void assertSameAsEngine(Predictor engine, float[][] rows, Answer got) {
        Predictor.Prediction want = engine.predict(rows);
        assertEquals(rows.length, got.outputs().length);
        for (int r = 0; r < rows.length; r++) {
            assertArrayEquals(want.outputs()[r], got.outputs()[r], "row " + r + " differs from the engine's Predictor");
        }
        assertArrayEquals(want.classes(), got.predictions());
    }

    @Test
    void oneRowMatchesTheEngineBitForBit() throws Exception {
        float[][] rows = irisRows(0, 1);
        Answer a = predict("", rows);
        assertEquals(NAME, a.model());
        assertEquals(2, a.version(), "the newest valid version is the default");
        assertSameAsEngine(v2.predictor(), rows, a);
    }

    @Test
    void manyRowsMatchTheEngineBitForBit() throws Exception {
        float[][] rows = irisRows(0, 30);
        assertSameAsEngine(v2.predictor(), rows, predict("", rows));
    }

    @Test
    void aVersionCanBeChosen() throws Exception {
        float[][] rows = irisRows(3, 5);
        Answer a = predict("?version=1", rows);
        assertEquals(1, a.version());
        assertSameAsEngine(v1.predictor(), rows, a);
        Answer b = predict("?version=2", rows);
        assertEquals(2, b.version());
        assertSameAsEngine(v2.predictor(), rows, b);
    }

    @Test
    void exactValuesSurviveTheWire() throws Exception {
        // Values that are not short decimals: the body carries Float.toString, the service must parse the same bits.
        float[][] rows = {{5.1f + Math.ulp(5.1f), 3.4999998f, 1.4000001f, 0.20000002f}, {1e-30f, 7.000001f, 0.1f, 2.2f}};
        assertSameAsEngine(v2.predictor(), rows, predict("", rows));
    }

    @Test
    void listsModelsWithVersionsAndDefault() {
        given().get("/v1/models").then().statusCode(200)
                .body("models.name", hasItem(NAME));
        given().get("/v1/models/" + NAME).then().statusCode(200)
                .body("name", equalTo(NAME))
                .body("status", equalTo("SERVING"))
                .body("defaultVersion", equalTo(2))
                .body("versions[0].version", equalTo(2))
                .body("versions[0].isDefault", equalTo(true))
                .body("versions[0].inputSize", equalTo(4))
                .body("versions[0].outputSize", equalTo(3))
                .body("versions[0].spec", startsWith("kind=mlp"))
                .body("versions[1].version", equalTo(1))
                .body("versions[1].status", equalTo("SERVING"));
    }

    @Test
    void unknownModelOrVersionIs404WithAProblemBody() {
        given().contentType(ContentType.JSON).body("{\"inputs\":[[1,2,3,4]]}")
                .post("/v1/models/no-such-model/predict")
                .then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404)).body("detail", startsWith("no model named 'no-such-model'"));
        given().contentType(ContentType.JSON).body("{\"inputs\":[[1,2,3,4]]}")
                .post("/v1/models/" + NAME + "/predict?version=99")
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", startsWith("model '" + NAME + "' has no version 99"));
        given().get("/v1/models/no-such-model").then().statusCode(404).contentType("application/problem+json");
    }
}
