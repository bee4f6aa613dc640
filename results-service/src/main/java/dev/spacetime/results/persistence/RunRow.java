package dev.spacetime.results.persistence;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One row of the {@code run_summary} view: a run's configuration, status and (when COMPLETED) final figures. */
public record RunRow(String jobId, String sweepId, String config, String model, String dataset, String engine,
                     Long seed, String status, String reason, String worker, Map<String, String> attributes,
                     Instant submittedAt, Instant startedAt, Instant finishedAt, Integer lastEpoch, Long params,
                     Double testAccuracy, Double testLoss, Double trainSeconds, Double epochSecondsMean,
                     Double evalSeconds, Double inferenceP50Us, Double inferenceP99Us, Double inferenceBatchP50Us,
                     Long peakRssBytes, Long peakHeapBytes, Double accuracyPer1kParams, Map<String, Double> finalMetrics) {

    /** The final figures by their {@code train --json} names (absent ones left out). */
    public Map<String, Object> results() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "test_accuracy", testAccuracy);
        put(m, "test_loss", testLoss);
        put(m, "params", params);
        put(m, "train_seconds", trainSeconds);
        put(m, "epoch_seconds_mean", epochSecondsMean);
        put(m, "eval_seconds", evalSeconds);
        put(m, "inference_p50_us", inferenceP50Us);
        put(m, "inference_p99_us", inferenceP99Us);
        put(m, "inference_batch_p50_us", inferenceBatchP50Us);
        put(m, "peak_rss_bytes", peakRssBytes);
        put(m, "peak_heap_bytes", peakHeapBytes);
        put(m, "accuracy_per_1k_params", accuracyPer1kParams);
        return m;
    }

    /** The API's view of a run: identity, configuration, lifecycle and final figures. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job_id", jobId);
        m.put("sweep_id", sweepId);
        m.put("config", config);
        m.put("model", model);
        m.put("dataset", dataset);
        m.put("engine", engine);
        m.put("seed", seed);
        m.put("status", status);
        m.put("reason", reason);
        m.put("worker", worker);
        m.put("submitted_at", submittedAt);
        m.put("started_at", startedAt);
        m.put("finished_at", finishedAt);
        m.put("last_epoch", lastEpoch);
        m.put("attributes", attributes);
        m.put("results", results());
        m.put("final_metrics", finalMetrics);
        return m;
    }

    private static void put(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
