package dev.spacetime.trainer;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.contracts.JobEventType;
import dev.spacetime.grafana.PrometheusPanels;
import dev.spacetime.stack.StackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every metric the Grafana panels read from job="trainer-service" is on this service's /q/metrics. */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, initArgs = @ResourceArg(name = "postgres", value = "false"))
class DashboardMetricsTest {

    @Test
    void theDashboardsMetricsAreExposed() {
        // Meters that appear on first use: a finished job (jobs by status) and a GC pause.
        String id = TestJobs.id("metrics");
        TestJobs.produce(TestJobs.iris(id, 2));
        assertEquals(JobEventType.COMPLETED, TestJobs.last(TestJobs.awaitFinal(id)).type());
        System.gc();
        Map<String, ?> needed = PrometheusPanels.metricsOf("trainer-service");
        assertTrue(needed.containsKey("spacetime_trainer_jobs_total")
                && needed.containsKey("kafka_consumer_fetch_manager_records_lag_max"), needed.keySet()::toString);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(List.of(),
                PrometheusPanels.missing("trainer-service", given().get("/q/metrics").then().statusCode(200)
                        .extract().asString())));
    }
}
