package dev.spacetime.engine.train;

import dev.spacetime.engine.model.ModelSpec;
import dev.spacetime.engine.optim.OptimizerConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything measured in one training run. {@link #toMap()} gives the stable field names of {@code train --json}
 * (snake_case; arrays are per epoch).
 *
 * <p>Timing scope: {@code trainSeconds} is the time of all the epochs' training loops (data gathering, forward,
 * backward, update); validation, test evaluation and the latency probe are not in it. Per-epoch arrays hold the
 * recorded epochs ({@code recorded_epochs}: every epoch unless {@code record_every} says otherwise).
 */
public record RunResult(ModelSpec spec, String dataset, String split, long params, TrainConfig config, String kernels,
                        List<EpochMetrics> epochs, double trainSeconds, Evaluation test, LatencyStats latency,
                        long peakHeapBytes, long peakRssBytes) {

    /**
     * The first recorded epoch whose validation accuracy is within 0.5 points of the run's best (1-based), or the
     * epoch count when there is no validation set.
     */
    public int convergenceEpoch() {
        double best = epochs.stream().mapToDouble(EpochMetrics::valAccuracy).filter(Double::isFinite).max().orElse(Double.NaN);
        if (Double.isNaN(best)) {
            return config.epochs();
        }
        for (EpochMetrics e : epochs) {
            if (e.valAccuracy() >= best - 0.005) {
                return e.epoch();
            }
        }
        return config.epochs();
    }

    /** Test accuracy in percent per thousand trainable parameters. */
    public double accuracyPer1kParams() {
        return accuracyPer1kParams(test.accuracy(), params);
    }

    /** Test accuracy (a fraction) in percent per thousand trainable parameters. */
    public static double accuracyPer1kParams(double testAccuracy, long params) {
        return testAccuracy * 100.0 / (params / 1000.0);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", spec.name());
        m.put("model_spec", spec.toMap());
        m.put("dataset", dataset);
        m.put("split", split);
        m.put("params", params);
        m.put("seed", config.seed());
        m.put("epochs", config.epochs());
        m.put("batch", config.batch());
        OptimizerConfig o = config.optimizer();
        m.putAll(o.describe());
        m.put("schedule", config.schedule().id());
        m.put("threads", config.threads());
        m.put("kernels", kernels);
        m.put("test_accuracy", test.accuracy());
        m.put("test_loss", test.loss());
        m.put("train_seconds", trainSeconds());
        m.put("record_every", config.recordEvery());
        m.put("recorded_epochs", epochs.stream().map(EpochMetrics::epoch).toList());
        m.put("epoch_seconds", epochs.stream().map(EpochMetrics::trainSeconds).toList());
        m.put("eval_seconds", epochs.stream().map(EpochMetrics::evalSeconds).toList());
        m.put("train_loss", epochs.stream().map(EpochMetrics::trainLoss).toList());
        m.put("val_loss", epochs.stream().map(EpochMetrics::valLoss).toList());
        m.put("val_accuracy", epochs.stream().map(EpochMetrics::valAccuracy).toList());
        m.put("convergence_epoch", convergenceEpoch());
        m.put("accuracy_per_1k_params", accuracyPer1kParams());
        m.put("inference_p50_us", latency.p50Micros());
        m.put("inference_p99_us", latency.p99Micros());
        m.put("inference_calls", latency.calls());
        m.put("inference_batch_rows", latency.batchRows());
        m.put("inference_batch_p50_us", latency.batchP50Micros());
        m.put("inference_batch_p99_us", latency.batchP99Micros());
        m.put("batch_throughput_rows_per_s", latency.batchRowsPerSecond());
        m.put("peak_heap_bytes", peakHeapBytes);
        m.put("peak_rss_bytes", peakRssBytes);
        return m;
    }
}
