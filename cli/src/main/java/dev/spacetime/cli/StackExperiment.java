package dev.spacetime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spacetime.engine.data.DataSplit;
import dev.spacetime.engine.data.Dataset;
import dev.spacetime.stack.Health;
import dev.spacetime.stack.LocalStack;
import dev.spacetime.stack.StackStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code spacetime experiment NAME --on-stack}: the preset through the whole platform instead of in-process. The
 * local stack comes up (idempotent), the preset's configurations × seeds go to trainer-service as one sweep (through
 * Kafka), the job events are followed until every job ended, the comparison table (mean ± std over seeds) comes from
 * results-service (PostgreSQL), and the most accurate model answers a few test images from inference-service.
 */
final class StackExperiment {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Test images sent to inference-service: enough to show a few answers, one request. */
    private static final int PREDICT_ROWS = 8;
    /** The results-service and inference-service consume the same events asynchronously; this bounds the wait. */
    private static final Duration SETTLE = Duration.ofSeconds(120);

    private final LocalStack stack;
    private final DataSourceOptions data;
    private final PrintWriter human;
    private final PrintWriter err;

    StackExperiment(LocalStack stack, DataSourceOptions data, PrintWriter human, PrintWriter err) {
        this.stack = stack;
        this.data = data;
        this.human = human;
        this.err = err;
    }

    /** Runs it; returns the JSON summary ({@code sweep_id}, {@code summary}, {@code best}, {@code prediction}). */
    Map<String, Object> run(String preset, boolean quick, Integer seeds, int trainLimit) {
        StackStatus status = stack.up();
        for (String service : List.of("trainer", "results", "inference")) {
            if (status.components().get(service) != Health.UP) {
                throw new UserError("the local stack's " + service + " is " + status.components().get(service)
                        + ": see " + stack.logDir().resolve(service + ".log") + " (./spacetime status shows each part)");
            }
        }
        String trainerUrl = status.serviceUrls().get("trainer");
        ServiceClient results = new ServiceClient("results-service", status.serviceUrls().get("results"));
        ServiceClient inference = new ServiceClient("inference-service", status.serviceUrls().get("inference"));
        TrainerClient trainer = new TrainerClient(trainerUrl, stack.apiToken());

        String sweepId = PresetSweep.newId(preset);
        ObjectNode body = PresetSweep.request(preset, quick, seeds);
        body.put("sweepId", sweepId);
        if (trainLimit > 0) {
            body.withArray("points").forEach(p -> ((ObjectNode) p).put("train-limit", Integer.toString(trainLimit)));
        }
        Instant submittedAt = Instant.now();
        JsonNode submitted = trainer.post("/sweeps", body.toString());
        List<String> ids = new ArrayList<>();
        submitted.path("jobs").forEach(j -> ids.add(j.path("jobId").asText()));
        human.println("submitted sweep " + sweepId + " to " + trainerUrl + ": " + ids.size() + " jobs ("
                + body.path("points").size() + " configurations × " + body.path("seedValues").size() + " seeds)");
        human.flush();

        JobProgress progress = new JobProgress(err, new LinkedHashSet<>(ids), sweepId, true);
        try (JobEventStream events = new JobEventStream(status.kafkaBootstrap(), submittedAt.minusSeconds(5))) {
            events.follow(progress::accept, () -> progress.allFinal(ids.size()), null);
        }

        long completed = progress.finals().values().stream().filter("COMPLETED"::equals).count();
        JsonNode summary = awaitSummary(results, sweepId, ids.size(), completed);
        human.println();
        CompareCommand.printSweep(human, summary);
        human.println("CSV: " + status.serviceUrls().get("results") + "/runs.csv?sweep=" + sweepId);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sweep_id", sweepId);
        out.put("jobs", ids.size());
        out.put("completed", summary.path("completed").asInt());
        out.put("summary", summary);
        JsonNode best = bestRun(trainer, ids);
        if (best == null) {
            throw new UserError("no job of sweep " + sweepId + " completed: ./spacetime watch " + sweepId
                    + " shows why (logs: " + stack.logDir() + ")");
        }
        out.put("best", best);
        out.put("prediction", predict(inference, best));
        human.flush();
        return out;
    }

    /**
     * results-service's sweep summary once it holds every job and every completion the event stream showed (it ingests
     * the same events asynchronously, so it may lag the stream by a moment).
     */
    private JsonNode awaitSummary(ServiceClient results, String sweepId, int jobs, long completed) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            JsonNode s = results.getOrNull("/sweeps/" + sweepId + "/summary");
            if (s != null && s.path("runs").asInt() >= jobs && s.path("completed").asLong() >= completed) {
                return s;
            }
            if (System.nanoTime() - deadline > 0) {
                if (s == null) {
                    throw new UserError("results-service has no rows for sweep " + sweepId + " after " + SETTLE.toSeconds()
                            + " s: see " + stack.logDir().resolve("results.log"));
                }
                err.println("spacetime: results-service holds " + s.path("completed").asLong() + " of " + completed
                        + " completed runs after "
                        + SETTLE.toSeconds() + " s; the table below is partial");
                return s;
            }
            sleep(250);
        }
    }

    /** The completed run with the highest test accuracy, as {@code GET /jobs/{id}} reports it, with its model. */
    private static JsonNode bestRun(TrainerClient trainer, List<String> ids) {
        ObjectNode best = null;
        double bestAccuracy = Double.NEGATIVE_INFINITY;
        for (String id : ids) {
            JsonNode job = trainer.get("/jobs/" + id);
            if (job == null || !"COMPLETED".equals(job.path("status").asText()) || !job.has("model")) {
                continue;
            }
            double acc = job.path("result").path("test_accuracy").asDouble(Double.NaN);
            if (acc > bestAccuracy) {
                bestAccuracy = acc;
                best = MAPPER.createObjectNode();
                best.put("job_id", id);
                best.put("model", job.path("result").path("model").asText());
                best.put("dataset", job.path("result").path("dataset").asText());
                best.put("test_accuracy", acc);
                best.put("params", job.path("result").path("params").asLong());
                best.put("model_name", job.path("model").path("modelName").asText());
                best.put("model_version", job.path("model").path("version").asInt());
            }
        }
        return best;
    }

    /** A few test images through inference-service once it serves the best model's version. */
    private Map<String, Object> predict(ServiceClient inference, JsonNode best) {
        String name = best.path("model_name").asText();
        int version = best.path("model_version").asInt();
        awaitServing(inference, name, version);
        String dataset = best.path("dataset").asText();
        DataSplit split = data.load(dataset, 0, 0, err);
        Dataset test = split.test();
        int rows = Math.min(PREDICT_ROWS, test.n());
        ObjectNode request = MAPPER.createObjectNode();
        ArrayNode inputs = request.putArray("inputs");
        int[] labels = new int[rows];
        float[] row = new float[test.features()];
        for (int i = 0; i < rows; i++) {
            test.row(i, row, 0);
            ArrayNode r = inputs.addArray();
            for (float v : row) {
                r.add(v);
            }
            labels[i] = test.y()[i];
        }
        long t0 = System.nanoTime();
        JsonNode answer = inference.post("/v1/models/" + name + "/predict?version=" + version, request.toString());
        double millis = (System.nanoTime() - t0) / 1e6;
        List<Integer> predictions = new ArrayList<>();
        answer.path("predictions").forEach(p -> predictions.add(p.asInt()));
        int correct = 0;
        for (int i = 0; i < rows && i < predictions.size(); i++) {
            correct += predictions.get(i) == labels[i] ? 1 : 0;
        }
        human.println();
        human.println(String.format(Locale.ROOT, "best model: %s v%d (job %s, %s, test accuracy %.4f, %s parameters)",
                name, version, best.path("job_id").asText(), best.path("model").asText(),
                best.path("test_accuracy").asDouble(), Format.count(best.path("params").asLong())));
        human.println(String.format(Locale.ROOT, "inference-service: the first %d %s test images -> %s, labels %s: "
                + "%d/%d correct (one request, %.1f ms)", rows, dataset, predictions, List.of(boxed(labels)), correct,
                rows, millis));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model_name", name);
        m.put("model_version", version);
        m.put("rows", rows);
        m.put("predictions", predictions);
        m.put("labels", List.of(boxed(labels)));
        m.put("correct", correct);
        m.put("request_ms", millis);
        return m;
    }

    private void awaitServing(ServiceClient inference, String name, int version) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            JsonNode m = inference.getOrNull("/v1/models/" + name);
            if (m != null) {
                for (JsonNode v : m.path("versions")) {
                    // UNLOADED: valid, pushed out by newer versions (keep-versions); the prediction naming it loads it.
                    String status = v.path("status").asText();
                    if (v.path("version").asInt() == version && ("SERVING".equals(status) || "UNLOADED".equals(status))) {
                        return;
                    }
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new UserError("inference-service does not serve " + name + " v" + version + " after "
                        + SETTLE.toSeconds() + " s: GET /v1/models/" + name + " says " + m + "; see "
                        + stack.logDir().resolve("inference.log"));
            }
            sleep(200);
        }
    }

    private static Integer[] boxed(int[] a) {
        Integer[] b = new Integer[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[i];
        }
        return b;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while waiting for the services", e);
        }
    }
}
