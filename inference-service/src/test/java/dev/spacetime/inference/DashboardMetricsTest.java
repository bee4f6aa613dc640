package dev.spacetime.inference;

import static dev.spacetime.inference.ModelFixtures.body;
import static dev.spacetime.inference.ModelFixtures.irisRows;
import static dev.spacetime.inference.ModelFixtures.publish;
import static dev.spacetime.inference.ModelFixtures.trainIris;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.grafana.PrometheusPanels;
import dev.spacetime.stack.StackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every metric the Grafana panels read from job="inference-service" is on this service's /q/metrics. */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, initArgs = @ResourceArg(name = StackTestResource.POSTGRES_ARG, value = "false"))
class DashboardMetricsTest {

    @Test
    void theDashboardsMetricsAreExposed() {
        // Meters that appear on first use: a prediction (latency per model, HTTP histogram) and a GC pause.
        publish("iris-dashboard", 1, trainIris(41, 5));
        given().contentType(ContentType.JSON).body(body(irisRows(0, 3)))
                .post("/v1/models/iris-dashboard/predict").then().statusCode(200);
        System.gc();
        Map<String, ?> needed = PrometheusPanels.metricsOf("inference-service");
        assertTrue(needed.containsKey("spacetime_inference_predict_latency_seconds")
                && needed.containsKey("http_server_requests_seconds_bucket"), needed.keySet()::toString);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(List.of(),
                PrometheusPanels.missing("inference-service", given().get("/q/metrics").then().statusCode(200)
                        .extract().asString())));
    }
}
