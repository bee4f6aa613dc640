package dev.spacetime.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spacetime.contracts.JobEvent;
import dev.spacetime.contracts.JobEventType;
import dev.spacetime.contracts.Json;
import dev.spacetime.contracts.ModelPublished;
import dev.spacetime.engine.data.Dataset;
import dev.spacetime.engine.data.Iris;
import dev.spacetime.engine.experiment.Summary;
import dev.spacetime.engine.infer.Predictor;
import dev.spacetime.engine.io.ModelFile;
import dev.spacetime.engine.kernel.KernelProvider;
import dev.spacetime.stack.LocalStack;
import dev.spacetime.stack.Ports;
import dev.spacetime.stack.Postgres;
import dev.spacetime.stack.ServiceSpec;
import dev.spacetime.stack.StackStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three services together, as {@code ./spacetime up} runs them: the local stack on free ports in a temp folder
 * (a real Kafka broker, a real PostgreSQL, the packaged trainer, results and inference jars as child processes). A
 * sweep of 2 learning rates × 2 seeds on Iris goes in over the trainer's REST API; the checks compare what each
 * service (and the {@code spacetime} CLI) says with what the trainer wrote to Kafka and with the engine itself.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {

    private static final List<String> LEARNING_RATES = List.of("0.01", "0.05");
    private static final int SEEDS = 2;
    private static final Duration JOBS_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    static Path tmp;

    static Path root;
    static LocalStack stack;
    static StackStatus status;
    static final Http http = new Http();
    static String sweepId;
    /** job id → its learning rate, from the trainer's answer to the submission. */
    static final Map<String, String> lrOfJob = new TreeMap<>();
    static SweepRecords kafka;

    @BeforeAll
    static void upAndRunASweep() {
        root = Path.of(System.getProperty("spacetime.root", "..")).toAbsolutePath().normalize();
        stack = LocalStack.builder().root(root).dir(tmp.resolve("stack")).kafkaPort(0).postgresPort(0)
                .services(servicesOnFreePorts()).healthTimeout(Duration.ofSeconds(150))
                .progress(line -> System.out.println("[stack] " + line)).build();
        // The stack's processes outlive the JVM that started them (that is what `up` is for): if this JVM is stopped
        // before @AfterAll (Ctrl-C, a fork time-out), the hook still takes them down.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                down();
            } catch (RuntimeException e) {
                System.err.println("[stack] could not stop the stack in " + tmp + ": " + e);
            }
        }));
        status = stack.up();
        assertTrue(status.healthy(), "every component is UP: " + status.components());

        sweepId = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> request = Map.of("sweepId", sweepId,
                "base", Map.of("model", "iris", "dataset", "iris",
                        "hyperparameters", Map.of("epochs", "30", "latency-calls", "200")),
                "grid", Map.of("lr", LEARNING_RATES),
                "seeds", SEEDS);
        JsonNode accepted = http.post(url("trainer") + "/sweeps", request, stack.apiToken(), 202);
        assertEquals(LEARNING_RATES.size() * SEEDS, accepted.get("count").asInt(), accepted.toString());
        accepted.get("jobs").forEach(j -> lrOfJob.put(j.get("jobId").asText(), j.get("point").get("lr").asText()));

        awaitAllCompletedInResults();
        kafka = SweepRecords.read(status.kafkaBootstrap(), lrOfJob.keySet(), JOBS_TIMEOUT);
    }

    @AfterAll
    static synchronized void down() {
        if (stack != null) {
            stack.down().forEach(line -> System.out.println("[stack] stopped " + line));
            stack = null;
        }
    }

    /** The stack's own service list (the real jars), each on a port of its own that is free now. */
    private static List<ServiceSpec> servicesOnFreePorts() {
        Set<Integer> taken = new HashSet<>();
        List<ServiceSpec> services = new ArrayList<>();
        for (ServiceSpec s : LocalStack.defaultServices(root)) {
            assertTrue(Files.isRegularFile(s.jar()), s.jar() + " is missing: build it (./mvnw -B package) before the ITs");
            int port;
            do {
                port = Ports.free();
            } while (!taken.add(port));
            services.add(s.withPort(port));
        }
        return services;
    }

    private static String url(String service) {
        return status.serviceUrls().get(service);
    }

    /** Until results-service lists every job of the sweep as COMPLETED; a job that ends otherwise fails at once. */
    private static void awaitAllCompletedInResults() {
        long deadline = System.nanoTime() + JOBS_TIMEOUT.toNanos();
        JsonNode runs = null;
        while (System.nanoTime() < deadline) {
            runs = http.get(url("results") + "/runs?sweep=" + sweepId + "&limit=100");
            int completed = 0;
            for (JsonNode r : runs.get("runs")) {
                String s = r.get("status").asText();
                if (s.equals("FAILED") || s.equals("CANCELLED")) {
                    throw new AssertionError(r.get("job_id").asText() + " ended " + s + ": " + r.get("reason").asText());
                }
                completed += s.equals("COMPLETED") ? 1 : 0;
            }
            if (completed == lrOfJob.size()) {
                return;
            }
            sleep(250);
        }
        throw new AssertionError("not every job of " + sweepId + " COMPLETED in results-service within "
                + JOBS_TIMEOUT.toSeconds() + " s: " + runs);
    }

    @Test
    void everyJobCompletedOnceAndTheDatabaseHoldsExactlyItsEvents() throws Exception {
        for (String job : lrOfJob.keySet()) {
            TreeMap<Long, JobEvent> events = kafka.events().get(job);
            List<Long> seqs = List.copyOf(events.keySet());
            assertEquals(1L, seqs.getFirst(), job + " starts at sequence 1");
            assertEquals(seqs.size(), seqs.getLast(), job + ": sequence numbers 1..n without gaps: " + seqs);
            assertEquals(JobEventType.ACCEPTED, events.firstEntry().getValue().type(), job);
            assertEquals(JobEventType.COMPLETED, events.lastEntry().getValue().type(), job + " ends COMPLETED");
            assertEquals(1, events.values().stream().filter(e -> e.type().isFinal()).count(), job + ": one final event");
        }
        // The database catches up with the topic on its own schedule (two batches may be written at once).
        Map<String, Map<Long, String>> expected = new TreeMap<>();
        kafka.events().forEach((job, events) -> {
            Map<Long, String> m = new TreeMap<>();
            events.forEach((seq, e) -> m.put(seq, e.type().name()));
            expected.put(job, m);
        });
        Map<String, Map<Long, String>> rows = Map.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && !(rows = eventRows()).equals(expected)) {
            sleep(250);
        }
        assertEquals(expected, rows, "results.job_events holds each event of the topic once, by (job, sequence)");

        try (Connection c = database(); PreparedStatement ps = c.prepareStatement("""
                SELECT j.job_id, j.status, j.last_seq, j.seed, r.test_accuracy, r.params
                FROM results.jobs j JOIN results.run_results r USING (job_id) WHERE j.sweep_id = ? ORDER BY j.job_id""")) {
            ps.setString(1, sweepId);
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String job = rs.getString(1);
                    JobEvent done = kafka.completed(job);
                    assertEquals("COMPLETED", rs.getString(2), job);
                    assertEquals(done.sequence(), rs.getLong(3), job + ": the last sequence is the COMPLETED one");
                    assertEquals(Long.parseLong(kafka.events().get(job).firstEntry().getValue().attributes().get("seed")),
                            rs.getLong(4), job + " seed");
                    assertEquals(done.metrics().get("test_accuracy"), rs.getDouble(5), job + " test accuracy");
                    assertEquals(done.metrics().get("params").longValue(), rs.getLong(6), job + " params");
                    n++;
                }
            }
            assertEquals(lrOfJob.size(), n, "one jobs row with its result per job of the sweep");
        }
    }

    @Test
    void sweepSummaryIsMeanAndStdOverTheSeedsOfEachLearningRate() {
        JsonNode summary = http.get(url("results") + "/sweeps/" + sweepId + "/summary");
        assertEquals(lrOfJob.size(), summary.get("completed").asInt(), summary.toString());
        assertEquals(LEARNING_RATES.size(), summary.get("configs").size(),
                "one configuration per learning rate, its seeds grouped: " + summary);
        for (JsonNode config : summary.get("configs")) {
            List<String> jobs = new ArrayList<>();
            config.get("job_ids").forEach(j -> jobs.add(j.asText()));
            assertEquals(SEEDS, config.get("seeds").asInt(), config.toString());
            assertEquals(1, jobs.stream().map(lrOfJob::get).distinct().count(), "one learning rate per config: " + jobs);
            assertEquals(lrOfJob.get(jobs.getFirst()), config.get("attributes").get("lr").asText());
            Summary want = Summary.of(jobs.stream()
                    .mapToDouble(j -> kafka.completed(j).metrics().get("test_accuracy")).toArray());
            JsonNode acc = config.get("test_accuracy");
            assertEquals(SEEDS, acc.get("n").asInt());
            assertEquals(want.mean(), acc.get("mean").asDouble(), 1e-12, "mean over seeds of " + jobs);
            assertEquals(want.std(), acc.get("std").asDouble(), 1e-12, "std over seeds of " + jobs);
            assertEquals(want.ciLow(), acc.get("ci95_low").asDouble(), 1e-12);
            assertEquals(want.ciHigh(), acc.get("ci95_high").asDouble(), 1e-12);
        }
    }

    @Test
    void theBestJobsModelIsServedWithTheEnginesPredictions() throws Exception {
        String best = lrOfJob.keySet().stream()
                .max(Comparator.comparingDouble(j -> kafka.completed(j).metrics().get("test_accuracy"))).orElseThrow();
        ModelPublished model = kafka.models().get(best);
        Path artifact = stack.artifactDir().resolve(model.artifactUri());
        assertEquals(model.sha256(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(artifact))), "the artifact is the announced one");

        JsonNode registry = http.get(url("results") + "/models/" + model.modelName());
        assertTrue(containsVersion(registry.get("versions"), model, "job_id", "version"),
                "results-service registers " + model.modelName() + " v" + model.version() + ": " + registry);
        // Valid: serving, or unloaded because newer versions of the name fill keep-versions (the best job is often not
        // among a sweep's newest); a request naming the version loads it again.
        JsonNode served = awaitServed(model);
        assertTrue(List.of("SERVING", "UNLOADED").contains(served.get("status").asText()), served.toString());

        Dataset iris = Iris.load();
        float[][] rows = new float[iris.n()][iris.features()];
        for (int i = 0; i < iris.n(); i++) {
            iris.row(i, rows[i], 0);
        }
        ModelFile file = ModelFile.load(artifact);
        Predictor.Prediction want = new Predictor(file.model(), file.normalization(), KernelProvider.get()).predict(rows);

        JsonNode got = http.post(url("inference") + "/v1/models/" + model.modelName() + "/predict?version="
                + model.version(), Map.of("inputs", rows), null, 200);
        assertEquals(model.modelName(), got.get("model").asText());
        assertEquals(model.version(), got.get("version").asInt());
        assertEquals("SERVING", awaitServed(model).get("status").asText(), "served since the request named it");
        int[] classes = new int[rows.length];
        for (int r = 0; r < rows.length; r++) {
            classes[r] = got.get("predictions").get(r).asInt();
            JsonNode out = got.get("outputs").get(r);
            assertEquals(want.outputs()[r].length, out.size(), "row " + r);
            for (int k = 0; k < out.size(); k++) {
                assertEquals(want.outputs()[r][k], out.get(k).asDouble(), 1e-6, "row " + r + " output " + k);
            }
        }
        assertArrayEquals(want.classes(), classes, "the served classes are the engine's");
    }

    @Test
    void theCliFindsTheStackAndComparesTheSweep() throws Exception {
        JsonNode st = cli("status", "--json");
        for (String service : List.of("trainer", "results", "inference")) {
            assertEquals(url(service), st.get(service + "_url").asText(), "status --json: " + st);
            assertEquals("UP", st.get("components").get(service).asText(), "status --json: " + st);
        }
        assertEquals(status.kafkaBootstrap(), st.get("kafka_bootstrap").asText());
        assertEquals(status.jdbcUrl(), st.get("jdbc_url").asText());

        JsonNode compared = cli("compare", "--sweep", sweepId, "--json");
        JsonNode summary = http.get(url("results") + "/sweeps/" + sweepId + "/summary");
        assertEquals(summary.get("configs"), compared.get("configs"), "compare --sweep --json is the service's summary");
    }

    @Test
    @Order(Integer.MAX_VALUE)   // last: it publishes more "iris" versions, and inference keeps only the newest few
    void theMainJobRunsAPresetThroughTheStackAndAsksTheBestModel() throws Exception {
        // The README's main job, on a small preset: up (reused), sweep via REST, events, table, served prediction.
        JsonNode run = cli("experiment", "iris", "--quick", "--seeds", "2", "--on-stack", "--json");
        JsonNode configs = run.get("summary").get("configs");
        assertTrue(configs.size() >= 1, run.toString());
        assertEquals(2 * configs.size(), run.get("jobs").asInt(), "every configuration × 2 seeds: " + run);
        assertEquals(run.get("jobs").asInt(), run.get("completed").asInt(), "every job completed: " + run);
        configs.forEach(c -> assertEquals(2, c.get("seeds").asInt(), "seeds of " + c.get("config")));
        JsonNode best = run.get("best");
        assertTrue(best.get("test_accuracy").asDouble() >= 0.9, "best iris run: " + best);
        JsonNode served = http.get(url("inference") + "/v1/models/" + best.get("model_name").asText());
        assertTrue(containsVersion(served.get("versions"), best.get("model_version").asInt()), served.toString());
        JsonNode prediction = run.get("prediction");
        assertEquals(best.get("model_version").asInt(), prediction.get("model_version").asInt());
        assertEquals(prediction.get("rows").asInt(), prediction.get("predictions").size());
        assertEquals(prediction.get("rows").asInt(), prediction.get("labels").size());
        assertTrue(prediction.get("correct").asInt() >= prediction.get("rows").asInt() - 2, prediction.toString());
    }

    private static boolean containsVersion(JsonNode versions, int version) {
        for (JsonNode v : versions) {
            if (v.path("version").asInt() == version) {
                return true;
            }
        }
        return false;
    }

    /** The CLI's launcher jar on this stack's folder; its last stdout line parsed as JSON. */
    private static JsonNode cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-jar", root.resolve("cli/target/spacetime-cli.jar").toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--stack-dir", stack.dir().toString()));
        Path out = Files.createTempFile(tmp, "cli", ".out");
        Path err = Files.createTempFile(tmp, "cli", ".err");
        Process p = new ProcessBuilder(cmd).directory(root.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "spacetime " + String.join(" ", args) + " did not end");
        assertEquals(0, p.exitValue(), "spacetime " + String.join(" ", args) + ":\n" + Files.readString(err));
        List<String> lines = Files.readAllLines(out);
        assertTrue(!lines.isEmpty(), "spacetime " + String.join(" ", args) + " printed nothing:\n" + Files.readString(err));
        return Json.MAPPER.readTree(lines.getLast());
    }

    /** inference-service loads announced models on its own schedule; its listing shows the version once it did. */
    private static JsonNode awaitServed(ModelPublished model) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode list = null;
        while (System.nanoTime() < deadline) {
            list = http.get(url("inference") + "/v1/models");
            for (JsonNode m : list.get("models")) {
                if (m.get("name").asText().equals(model.modelName())) {
                    for (JsonNode v : m.get("versions")) {
                        if (v.get("version").asInt() == model.version() && v.get("jobId").asText().equals(model.jobId())) {
                            return v;
                        }
                    }
                }
            }
            sleep(250);
        }
        throw new AssertionError("GET /v1/models does not list " + model.modelName() + " v" + model.version() + ": " + list);
    }

    private static boolean containsVersion(JsonNode versions, ModelPublished model, String jobKey, String versionKey) {
        for (JsonNode v : versions) {
            if (v.get(versionKey).asInt() == model.version() && v.get(jobKey).asText().equals(model.jobId())
                    && v.get("sha256").asText().equals(model.sha256())) {
                return true;
            }
        }
        return false;
    }

    /** job id → (sequence → type) of the sweep's rows in results.job_events. */
    private static Map<String, Map<Long, String>> eventRows() throws Exception {
        Map<String, Map<Long, String>> rows = new TreeMap<>();
        try (Connection c = database(); PreparedStatement ps = c.prepareStatement(
                "SELECT job_id, seq, type FROM results.job_events WHERE job_id = ANY (?) ORDER BY job_id, seq")) {
            ps.setArray(1, c.createArrayOf("text", lrOfJob.keySet().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getLong(2), rs.getString(3));
                }
            }
        }
        return rows;
    }

    private static Connection database() throws Exception {
        String password = System.getenv(Postgres.PASSWORD_ENV);
        return DriverManager.getConnection(status.jdbcUrl(), Postgres.OWNER,
                password == null || password.isBlank() ? Postgres.DEFAULT_PASSWORD : password);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
