package dev.spacetime.results;

import static dev.spacetime.results.TestEvents.attributes;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spacetime.contracts.JobEvent;
import dev.spacetime.contracts.JobEventType;
import dev.spacetime.contracts.Json;
import dev.spacetime.stack.StackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The results page in a real browser: Debian's Chromium driven by playwright-core (src/test/browser/page-check.mjs)
 * against this service on the real broker and PostgreSQL. A sweep of 3 configurations × 3 seeds (+ one FAILED run):
 *
 * <pre>
 * small-lr0.01  standard-small  1000 params  accuracy 0.90 0.92 0.94  train s 10 12 14  p50 50 µs
 * small-lr0.1   standard-small  1000 params  accuracy 0.80 0.81 0.82  train s  8  9 10  p50 60 µs
 * recursive-d4  recursive       5000 params  accuracy 0.95 0.96 0.97  train s 20 20 23  p50 40 µs
 * accuracy vs parameters, Pareto: small-lr0.01 seed 2 (best at 1000) and recursive-d4 seed 2 (best at 5000)
 * winners: accuracy recursive-d4, training speed small-lr0.1 (9 s), parameter efficiency small-lr0.01 (92 %/1k),
 *          inference latency recursive-d4
 * </pre>
 *
 * The screenshot of the sweep's page is kept as target/results-page.png.
 */
@QuarkusTest
@WithTestResource(StackTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResultsPageBrowserTest {

    private static final Path BROWSER_DIR = Path.of("src/test/browser");
    private static final Path SCREENSHOT = Path.of("target/results-page.png").toAbsolutePath();
    private static final int EPOCHS = 3;

    @TestHTTPResource("/")
    URL base;

    private final String sweep = TestEvents.uid("sweep-page");
    private final Map<String, List<String>> jobsByConfig = new TreeMap<>();
    private String failed;

    @BeforeAll
    void sweepOfThreeConfigurationsOverThreeSeeds() {
        List<JobEvent> events = new ArrayList<>();
        config(events, "small-lr0.01", "standard-small", 1000, new double[]{0.90, 0.92, 0.94}, new double[]{10, 12, 14}, 50);
        config(events, "small-lr0.1", "standard-small", 1000, new double[]{0.80, 0.81, 0.82}, new double[]{8, 9, 10}, 60);
        config(events, "recursive-d4", "recursive", 5000, new double[]{0.95, 0.96, 0.97}, new double[]{20, 20, 23}, 40);
        failed = sweep + "-failed";
        events.add(TestEvents.accepted(failed, sweep, attributes("recursive", "mnist", 3, sweep, "config", "recursive-d4")));
        events.add(TestEvents.event(failed, sweep, 2, JobEventType.FAILED, null, null, Map.of(), "diverged: loss is NaN",
                null));
        TestEvents.send(events);
        await().atMost(Duration.ofSeconds(30)).until(() -> TestEvents.count("SELECT count(*) FROM results.run_summary "
                + "WHERE sweep_id = ? AND status IN ('COMPLETED', 'FAILED')", sweep) == 10);
    }

    /** Three seeds of one configuration, each with its own curve (the bands have a width). */
    private void config(List<JobEvent> events, String config, String model, double params, double[] accuracy,
                        double[] trainSeconds, double p50) {
        for (int seed = 0; seed < 3; seed++) {
            String job = sweep + "-" + config + "-s" + seed;
            jobsByConfig.computeIfAbsent(config, k -> new ArrayList<>()).add(job);
            Map<String, String> a = attributes(model, "mnist", seed, sweep, "config", config);
            events.add(TestEvents.accepted(job, sweep, a));
            events.add(TestEvents.started(job, sweep, 2, a));
            for (int e = 1; e <= EPOCHS; e++) {
                double loss = (1.2 - accuracy[seed]) / e + 0.02 * seed;
                events.add(TestEvents.progress(job, sweep, 2 + e, e, loss, accuracy[seed] - 0.1 / e));
            }
            events.add(TestEvents.completed(job, sweep, 3 + EPOCHS, Map.of("test_accuracy", accuracy[seed],
                    "params", params, "train_seconds", trainSeconds[seed], "inference_p50_us", p50,
                    "peak_rss_bytes", 2.0e8 + params * 1000 + seed * 1.0e6)));
        }
    }

    @Test
    void inChromiumThePageDrawsOneMarkPerRunAndItsFiltersNarrowTheCharts() throws Exception {
        JsonNode out = browse();
        assertEquals(List.of(), texts(out.get("failedRequests")), "failed requests");
        assertEquals(List.of(), texts(out.get("consoleErrors")), "console errors");
        assertEquals(List.of(), texts(out.get("pageErrors")), "uncaught page errors");
        assertEquals(List.of(), texts(out.get("foreignRequests")), "requests that left the service");

        Set<String> completed = new TreeSet<>();
        jobsByConfig.values().forEach(completed::addAll);
        JsonNode all = view(out, "unfiltered");
        assertTrue(jobs(all, "accuracy-params").containsAll(completed), "the unfiltered page has every run of the sweep");

        JsonNode ours = view(out, "sweep");
        for (String chart : List.of("accuracy-params", "accuracy-time", "accuracy-memory")) {
            List<String> marks = texts(ours.at("/charts/" + chart + "/marks"), "job");
            assertEquals(completed.size(), marks.size(), chart + ": one mark per completed run, no more: " + marks);
            assertEquals(completed, new TreeSet<>(marks), chart);
        }
        assertEquals(Set.of(jobsByConfig.get("small-lr0.01").get(2), jobsByConfig.get("recursive-d4").get(2)),
                pareto(ours, "accuracy-params"), "Pareto marks of accuracy vs parameters");
        for (String curve : List.of("curve-train_loss", "curve-val_accuracy")) {
            assertEquals(jobsByConfig.keySet(), new TreeSet<>(texts(ours.at("/charts/" + curve + "/series"))), curve);
            assertEquals(3, ours.at("/charts/" + curve + "/bands").asInt(), curve + ": one seed band per configuration");
        }
        Map<String, String> winners = new LinkedHashMap<>();
        ours.get("winners").forEach(w -> winners.put(w.get("category").asText(), w.get("config").asText()));
        assertEquals(Map.of("accuracy", "recursive-d4", "training speed", "small-lr0.1",
                "parameter efficiency", "small-lr0.01", "inference latency", "recursive-d4"), winners);
        assertEquals(jobsByConfig.keySet(), new TreeSet<>(texts(ours.get("configs"))), "comparison table rows");
        assertEquals(completed.size() + 1, ours.get("runs").size(), "run table: the completed runs and the failed one");

        JsonNode recursive = view(out, "sweep+model");
        assertEquals(new TreeSet<>(jobsByConfig.get("recursive-d4")), jobs(recursive, "accuracy-params"),
                "filtering by model leaves that model's marks");
        assertEquals(3, recursive.at("/charts/accuracy-params/marks").size());
        assertEquals(List.of("recursive-d4"), texts(recursive.at("/charts/curve-val_accuracy/series")));
        assertTrue(recursive.get("csv").asText().contains("model=recursive"), recursive.get("csv").asText());
        assertEquals(200, out.at("/csv/status").asInt());
        assertTrue(out.at("/csv/type").asText().startsWith("text/csv"), out.at("/csv/type").asText());
        assertEquals(1 + 4, out.at("/csv/lines").asInt(), "CSV link of the filtered page: header + 3 runs + failed run");

        assertTrue(Files.size(SCREENSHOT) > 10_000, "screenshot " + SCREENSHOT + " has content");
    }

    @Test
    void theFrontierIsJsonTooAndStoredTextIsEscapedInThePage() {
        given().queryParam("sweep", sweep).get("/frontier").then().statusCode(200)
                .body("runs", hasSize(9))
                .body("runs.findAll { it.pareto_params }.job_id.sort()", equalTo(List.of(
                        jobsByConfig.get("recursive-d4").get(2), jobsByConfig.get("small-lr0.01").get(2)).stream()
                        .sorted().toList()));
        given().queryParam("sweep", "<script>alert(1)</script>").get("/ui").then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(not(containsString("<script>alert(1)")))
                .body(containsString("&lt;script&gt;alert(1)&lt;/script&gt;"))
                .body(containsString("No run matches"));
        given().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("data-chart=\"accuracy-params\""));
    }

    /** Runs page-check.mjs in Node; fails naming the missing package when Chromium or playwright-core is absent. */
    private JsonNode browse() throws IOException, InterruptedException {
        Path chromium = Path.of(System.getProperty("spacetime.chromium", "/usr/bin/chromium"));
        if (!Files.isExecutable(chromium)) {
            fail("Chromium is missing at " + chromium + ": install Debian's package 'chromium' (tools/ensure-test-deps "
                    + "does), or point -Dspacetime.chromium at a Chromium binary");
        }
        if (!Files.isDirectory(BROWSER_DIR.resolve("node_modules/playwright-core"))) {
            fail("the npm package 'playwright-core' is missing: run 'npm ci' in results-service/" + BROWSER_DIR
                    + " (tools/ensure-test-deps does)");
        }
        Files.createDirectories(SCREENSHOT.getParent());
        Files.deleteIfExists(SCREENSHOT);
        String url = base.toString().replaceAll("/$", "");
        Process p = new ProcessBuilder("node", "page-check.mjs", url, chromium.toString(), sweep, "recursive",
                SCREENSHOT.toString()).directory(BROWSER_DIR.toFile()).start();
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the browser check did not finish within 90 s; stderr: " + stderr.join());
        }
        assertEquals(0, p.exitValue(), "node page-check.mjs failed; stderr: " + stderr.join());
        return Json.MAPPER.readTree(stdout.join());
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode view(JsonNode out, String name) {
        for (JsonNode v : out.get("views")) {
            if (name.equals(v.get("name").asText())) {
                return v;
            }
        }
        throw new AssertionError("the browser check has no view '" + name + "': " + out);
    }

    private static Set<String> jobs(JsonNode view, String chart) {
        return new TreeSet<>(texts(view.at("/charts/" + chart + "/marks"), "job"));
    }

    private static Set<String> pareto(JsonNode view, String chart) {
        Set<String> s = new TreeSet<>();
        view.at("/charts/" + chart + "/marks").forEach(m -> {
            if (m.get("pareto").asBoolean()) {
                s.add(m.get("job").asText());
            }
        });
        return s;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get(field).asText()));
        return out;
    }
}
