package dev.spacetime.results;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.grafana.PrometheusPanels;
import dev.spacetime.stack.StackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every metric the Grafana panels read from job="results-service" is on this service's /q/metrics. */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class DashboardMetricsTest {

    @Test
    void theDashboardsMetricsAreExposed() {
        // Meters that appear on first use: an ingested batch (batch timer, lag gauge) and a GC pause.
        String job = TestEvents.uid("metrics");
        TestEvents.send(TestEvents.run(job, null, TestEvents.attributes("iris", "iris", 1, null), 1, Map.of("test_accuracy", 0.9)));
        await().atMost(Duration.ofSeconds(30)).until(() -> TestEvents.rows("run_results", job) == 1);
        System.gc();
        given().get("/q/metrics").then().extract().asString().lines().filter(l -> l.contains("records_lag_max") || l.startsWith("jvm_gc_pause") || l.startsWith("spacetime_results")).forEach(l -> System.out.println("METRIC " + l));
        Map<String, ?> needed = PrometheusPanels.metricsOf("results-service");
        assertTrue(needed.containsKey("spacetime_results_events_ingested_total") && needed.size() >= 8, needed.keySet()::toString);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(java.util.List.of(),
                PrometheusPanels.missing("results-service", given().get("/q/metrics").then().statusCode(200)
                        .extract().asString())));
    }
}
