package dev.spacetime.results;

import static dev.spacetime.results.TestEvents.attributes;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.contracts.JobEvent;
import dev.spacetime.contracts.JobEventType;
import dev.spacetime.stack.StackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The REST API over a small sweep with hand-computed statistics: 2 configurations × 3 seeds (+ one FAILED run).
 *
 * <pre>
 * A (params 1000): test_accuracy 0.90 0.92 0.94 → mean 0.92, std 0.02, 95% CI 0.92 ± 4.3027·0.02/√3 = ± 0.049683
 *                  train_seconds 10 12 14      → mean 12, std 2;  p50 50 µs
 * B (params 5000): test_accuracy 0.95 0.96 0.97 → mean 0.96, std 0.01; train_seconds 20 20 23 → mean 21, std √3
 *                  p50 40 µs
 * winners: accuracy B, training speed A, parameter efficiency A (92 vs 19.2 % per 1k), inference latency B
 * </pre>
 */
@QuarkusTest
@WithTestResource(StackTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestApiTest {

    static {
        // Numbers as doubles, not floats: the statistics are compared to 1e-9.
        io.restassured.RestAssured.config = io.restassured.RestAssured.config().jsonConfig(
                io.restassured.config.JsonConfig.jsonConfig().numberReturnType(
                        io.restassured.path.json.config.JsonPathConfig.NumberReturnType.DOUBLE));
    }

    private final String sweep = TestEvents.uid("sweep-api");
    private final List<String> jobsA = new ArrayList<>();
    private final List<String> jobsB = new ArrayList<>();
    private String failed;

    @BeforeAll
    void sweepOfTwoConfigurationsOverThreeSeeds() {
        double[] accA = {0.90, 0.92, 0.94};
        double[] trainA = {10, 12, 14};
        double[] accB = {0.95, 0.96, 0.97};
        double[] trainB = {20, 20, 23};
        List<JobEvent> events = new ArrayList<>();
        for (int seed = 0; seed < 3; seed++) {
            String a = sweep + "-a" + seed;
            String b = sweep + "-b" + seed;
            jobsA.add(a);
            jobsB.add(b);
            events.addAll(TestEvents.run(a, sweep, attributes("standard-small", "mnist", seed, sweep, "lr", "0.01",
                    "epochs", "2"), 2, Map.of("test_accuracy", accA[seed], "params", 1000.0, "train_seconds", trainA[seed],
                    "inference_p50_us", 50.0, "inference_p99_us", 90.0)));
            events.addAll(TestEvents.run(b, sweep, attributes("recursive", "mnist", seed, sweep, "lr", "0.002",
                    "epochs", "2", "depth", "4"), 2, Map.of("test_accuracy", accB[seed], "params", 5000.0,
                    "train_seconds", trainB[seed], "inference_p50_us", 40.0, "inference_p99_us", 80.0)));
        }
        failed = sweep + "-a-failed";
        events.add(TestEvents.accepted(failed, sweep, attributes("standard-small", "mnist", 3, sweep, "lr", "0.01",
                "epochs", "2")));
        events.add(TestEvents.event(failed, sweep, 2, JobEventType.FAILED, null, null, Map.of(), "diverged: loss is NaN",
                null));
        TestEvents.send(events);
        await().atMost(Duration.ofSeconds(30)).until(() -> TestEvents.count(
                "SELECT count(*) FROM results.run_summary WHERE sweep_id = ? AND status IN ('COMPLETED', 'FAILED')",
                sweep) == 7);
    }

    @Test
    void runsFilterAndPage() {
        given().queryParam("sweep", sweep).get("/runs").then().statusCode(200)
                .body("total", equalTo(7)).body("runs", hasSize(7)).body("limit", equalTo(50));
        given().queryParam("sweep", sweep).queryParam("status", "failed").get("/runs").then().statusCode(200)
                .body("total", equalTo(1)).body("runs[0].job_id", equalTo(failed))
                .body("runs[0].reason", equalTo("diverged: loss is NaN"));
        given().queryParam("sweep", sweep).queryParam("model", "recursive").get("/runs").then()
                .body("total", equalTo(3)).body("runs.model", contains("recursive", "recursive", "recursive"));
        given().queryParam("sweep", sweep).queryParam("dataset", "iris").get("/runs").then().body("total", equalTo(0));
        JsonPath p1 = given().queryParam("sweep", sweep).queryParam("limit", "4").get("/runs").then().statusCode(200)
                .body("runs", hasSize(4)).body("total", equalTo(7)).extract().jsonPath();
        JsonPath p2 = given().queryParam("sweep", sweep).queryParam("limit", "4").queryParam("offset", "4").get("/runs")
                .then().body("runs", hasSize(3)).extract().jsonPath();
        List<String> all = new ArrayList<>(p1.getList("runs.job_id"));
        all.addAll(p2.getList("runs.job_id"));
        assertEquals(7, all.stream().distinct().count(), all.toString());
    }

    @Test
    void badParametersAre400ProblemsNamingTheParameter() {
        for (String[] bad : List.of(new String[]{"limit", "0"}, new String[]{"limit", "abc"}, new String[]{"limit", "100000"},
                new String[]{"offset", "-1"}, new String[]{"status", "BOGUS"})) {
            given().queryParam(bad[0], bad[1]).get("/runs").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("status", equalTo(400)).body("title", equalTo("Bad Request"))
                    .body("parameter", equalTo(bad[0])).body("detail", containsString(bad[1]));
        }
        given().get("/runs/compare").then().statusCode(400).body("parameter", equalTo("ids"));
        given().queryParam("ids", " , ").get("/runs/compare").then().statusCode(400).body("parameter", equalTo("ids"));
        given().queryParam("curves", "maybe").get("/sweeps/" + sweep + "/summary").then().statusCode(400)
                .body("parameter", equalTo("curves"));
    }

    @Test
    void unknownIdsAre404Problems() {
        given().get("/runs/no-such-job").then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("no run 'no-such-job'"));
        given().queryParam("ids", jobsA.getFirst() + ",no-such-job").get("/runs/compare").then().statusCode(404)
                .body("detail", equalTo("no run 'no-such-job'"));
        given().get("/sweeps/no-such-sweep/summary").then().statusCode(404).body("detail", containsString("no-such-sweep"));
        given().get("/sweeps/no-such-sweep/winners").then().statusCode(404);
        given().get("/no/such/path").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void compareShowsFinalMetricsSideBySideWithCurves() {
        String a = jobsA.getFirst();
        String b = jobsB.getFirst();
        given().queryParam("ids", b + "," + a).get("/runs/compare").then().statusCode(200)
                .body("job_ids", contains(b, a))
                .body("final_metrics.test_accuracy." + a, closeTo(0.90, 1e-9))
                .body("final_metrics.test_accuracy." + b, closeTo(0.95, 1e-9))
                .body("final_metrics.params." + b, equalTo(5000))
                .body("runs[1].job_id", equalTo(a))
                .body("runs[1].curves.val_accuracy", hasSize(2))
                .body("runs[0].attributes.depth", equalTo("4"));
    }

    @Test
    void sweepSummaryHasTheHandComputedMeanStdAndStudentTInterval() {
        JsonPath j = given().get("/sweeps/" + sweep + "/summary").then().statusCode(200)
                .body("runs", equalTo(7)).body("completed", equalTo(6)).body("configs", hasSize(2))
                .extract().jsonPath();
        Map<String, Object> a = config(j, "standard-small");
        Map<String, Object> b = config(j, "recursive");
        assertEquals(3, a.get("seeds"));
        assertEquals(Map.of("COMPLETED", 3, "FAILED", 1), a.get("runs_by_status"));
        assertEquals(1000, a.get("params"));
        stats(a, "test_accuracy", 3, 0.92, 0.02, 0.92 - 4.3027 * 0.02 / Math.sqrt(3), 0.92 + 4.3027 * 0.02 / Math.sqrt(3));
        stats(a, "train_seconds", 3, 12, 2, 12 - 4.3027 * 2 / Math.sqrt(3), 12 + 4.3027 * 2 / Math.sqrt(3));
        stats(a, "epoch_seconds", 3, 0.5, 0, 0.5, 0.5);
        stats(a, "inference_p50_us", 3, 50, 0, 50, 50);
        stats(b, "test_accuracy", 3, 0.96, 0.01, 0.96 - 4.3027 * 0.01 / Math.sqrt(3), 0.96 + 4.3027 * 0.01 / Math.sqrt(3));
        stats(b, "train_seconds", 3, 21, Math.sqrt(3), 21 - 4.3027 * Math.sqrt(3) / Math.sqrt(3), 21 + 4.3027);
        stats(b, "inference_p99_us", 3, 80, 0, 80, 80);
        assertEquals(b.get("config"), j.getString("winners.accuracy"));
        assertEquals(a.get("config"), j.getString("winners.'training speed'"));
        assertEquals(a.get("config"), j.getString("winners.'parameter efficiency'"));
        assertEquals(b.get("config"), j.getString("winners.'inference latency'"));

        given().queryParam("curves", "true").get("/sweeps/" + sweep + "/summary").then().statusCode(200)
                .body("curves.'" + a.get("config") + "'.val_accuracy", hasSize(2))
                .body("curves.'" + a.get("config") + "'.val_accuracy[0].n", equalTo(3))
                .body("curves.'" + a.get("config") + "'.val_accuracy[0].mean", closeTo(0.54, 1e-9));
        given().get("/sweeps/" + sweep + "/winners").then().statusCode(200)
                .body("winners.accuracy.config", equalTo(b.get("config")))
                .body("winners.accuracy.metric", equalTo("test_accuracy"))
                .body("winners.accuracy.mean", closeTo(0.96, 1e-9))
                .body("winners.'training speed'.mean", closeTo(12.0, 1e-9))
                .body("winners.'parameter efficiency'.mean", closeTo(92.0, 1e-9))
                .body("winners.'inference latency'.mean", closeTo(40.0, 1e-9));
    }

    @Test
    void aSingleSeedHasNoSpreadAndItIsNullInJson() {
        String lone = TestEvents.uid("sweep-lone");
        TestEvents.send(TestEvents.run(lone + "-j", lone, attributes("xor", "xor", 1, lone), 1,
                Map.of("test_accuracy", 1.0, "params", 9.0, "train_seconds", 0.01)));
        await().atMost(Duration.ofSeconds(30)).until(() -> TestEvents.rows("run_results", lone + "-j") == 1);
        given().get("/sweeps/" + lone + "/summary").then().statusCode(200)
                .body("configs[0].test_accuracy.n", equalTo(1))
                .body("configs[0].test_accuracy.std", nullValue())
                .body("configs[0].test_accuracy.ci95_low", nullValue())
                .body("configs[0].converged", equalTo(1));
    }

    @Test
    void csvHasOneRowPerRunWithEveryConfigurationField() {
        String csv = given().queryParam("sweep", sweep).get("/runs.csv").then().statusCode(200)
                .contentType(containsString("text/csv")).extract().asString();
        List<String> lines = csv.lines().toList();
        assertEquals(8, lines.size(), csv);
        List<String> header = Arrays.asList(lines.getFirst().split(",", -1));
        for (String column : List.of("job_id", "sweep_id", "config", "model", "dataset", "engine", "seed", "status",
                "lr", "epochs", "depth", "test_accuracy", "params", "train_seconds", "epoch_seconds_mean",
                "inference_p50_us", "inference_p99_us", "peak_rss_bytes")) {
            assertTrue(header.contains(column), column + " in " + header);
        }
        for (String line : lines) {
            assertEquals(header.size(), line.split(",", -1).length, line);
        }
        String rowA0 = lines.stream().filter(l -> l.startsWith(jobsA.getFirst() + ",")).findFirst().orElseThrow();
        List<String> cells = Arrays.asList(rowA0.split(",", -1));
        assertEquals("0.9", cells.get(header.indexOf("test_accuracy")));
        assertEquals("0.01", cells.get(header.indexOf("lr")));
        assertEquals("", cells.get(header.indexOf("depth")), "standard-small has no depth");
        assertEquals("1000", cells.get(header.indexOf("params")));
        assertTrue(csv.endsWith("\r\n"));
    }

    @Test
    void deleteNeedsTheBearerToken() {
        String job = TestEvents.uid("to-delete");
        TestEvents.send(TestEvents.run(job, null, attributes("xor", "xor", 1, null), 1, Map.of("test_accuracy", 1.0)));
        await().atMost(Duration.ofSeconds(30)).until(() -> TestEvents.rows("run_results", job) == 1);
        given().delete("/runs/" + job).then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer").body("status", equalTo(401));
        given().header("Authorization", "Bearer wrong").delete("/runs/" + job).then().statusCode(401)
                .body("detail", containsString("not valid"));
        given().header("Authorization", "Bearer " + StackTestResource.API_TOKEN).delete("/runs/" + job).then()
                .statusCode(204);
        given().get("/runs/" + job).then().statusCode(404);
        assertEquals(0, TestEvents.rows("job_events", job));
        assertEquals(0, TestEvents.rows("epoch_metrics", job));
        given().header("Authorization", "Bearer " + StackTestResource.API_TOKEN).delete("/runs/" + job).then()
                .statusCode(404);
    }

    @Test
    void openApiHealthAndMetricsAreServed() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/sweeps/{sweepId}/summary"));
        given().get("/q/health/ready").then().statusCode(200).body(containsString("results-ingest"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/runs/" + jobsA.getFirst()).then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("spacetime_results_events_ingested_total"))
                .body(containsString("spacetime_results_ingest_lag_seconds"))
                .body(containsString("spacetime_results_query_seconds_count{query=\"find_runs\""));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> config(JsonPath j, String model) {
        List<Map<String, Object>> configs = j.getList("configs");
        return configs.stream().filter(c -> model.equals(c.get("model"))).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static void stats(Map<String, Object> config, String metric, int n, double mean, double std, double lo,
                              double hi) {
        Map<String, Object> s = (Map<String, Object>) config.get(metric);
        assertEquals(n, s.get("n"), metric);
        assertEquals(mean, ((Number) s.get("mean")).doubleValue(), 1e-9, metric + " mean");
        assertEquals(std, ((Number) s.get("std")).doubleValue(), 1e-9, metric + " std");
        assertEquals(lo, ((Number) s.get("ci95_low")).doubleValue(), 1e-9, metric + " ci95_low");
        assertEquals(hi, ((Number) s.get("ci95_high")).doubleValue(), 1e-9, metric + " ci95_high");
    }
}
