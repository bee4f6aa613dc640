package dev.spacetime.inference;

import static dev.spacetime.inference.ModelFixtures.body;
import static dev.spacetime.inference.ModelFixtures.irisRows;
import static dev.spacetime.inference.ModelFixtures.publish;
import static dev.spacetime.inference.ModelFixtures.trainIris;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.stack.StackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Metrics (latency histogram with p50/p99), readiness and the OpenAPI document. */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, initArgs = @ResourceArg(name = StackTestResource.POSTGRES_ARG, value = "false"))
class ObservabilityTest {

    static final String NAME = "iris-metrics";

    private static void assertHas(String text, String regex) {
        assertTrue(Pattern.compile(regex, Pattern.MULTILINE).matcher(text).find(), () -> "metrics lack /" + regex + "/; "
                + text.lines().filter(l -> l.startsWith(regex.substring(1, 12))).limit(12).toList());
    }

    @Test
    void metricsExposeTheLatencyHistogramAndPercentiles() {
        publish(NAME, 1, trainIris(31, 5));
        for (int i = 0; i < 20; i++) {
            given().contentType(ContentType.JSON).body(body(irisRows(i, 1)))
                    .post("/v1/models/" + NAME + "/predict").then().statusCode(200);
        }
        String m = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertHas(m, "^spacetime_inference_predict_latency_seconds_bucket\\{model=\"iris-metrics\",le=\"[0-9.E-]+\"} \\d+");
        assertHas(m, "^spacetime_inference_predict_latency_seconds\\{model=\"iris-metrics\",quantile=\"0.5\"} [0-9.E-]+");
        assertHas(m, "^spacetime_inference_predict_latency_seconds\\{model=\"iris-metrics\",quantile=\"0.99\"} [0-9.E-]+");
        assertHas(m, "^spacetime_inference_predict_latency_seconds_count\\{model=\"iris-metrics\"} (2\\d|[3-9]\\d|\\d{3,})");
        assertHas(m, "^http_server_requests_seconds_bucket\\{.*uri=\"/v1/models/\\{name}/predict\".*le=");
        assertHas(m, "^http_server_requests_seconds\\{.*status=\"200\",uri=\"/v1/models/\\{name}/predict\",quantile=\"0.99\"}");
        assertHas(m, "^spacetime_inference_requests_total\\{outcome=\"ok\"} [1-9]");
        assertHas(m, "^spacetime_inference_versions_loaded [1-9]");
        assertHas(m, "^spacetime_inference_models_serving [1-9]");
        assertHas(m, "^spacetime_inference_artifacts_rejected_total\\{reason=\"sha256_mismatch\"}");
        assertHas(m, "^spacetime_inference_predict_rows_total [1-9]");
    }

    @Test
    void readinessReflectsTheRegistryAndKafka() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("model-registry"))
                .body("checks.find { it.name == 'model-registry' }.data.topic", containsString("caught up"))
                .body("checks.name", hasItem("SmallRye Reactive Messaging - readiness check"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void openApiDescribesTheApi() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/v1/models/{name}/predict"))
                .body("paths", org.hamcrest.Matchers.hasKey("/v1/models/{name}/{version}"))
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"));
    }
}
