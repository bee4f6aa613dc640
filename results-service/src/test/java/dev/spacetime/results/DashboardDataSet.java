package dev.spacetime.results;

import dev.spacetime.contracts.JobEvent;
import dev.spacetime.contracts.JobEventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A realistic experiment history, as trainers report it on Kafka, for the dashboards' queries:
 * <ul>
 *   <li>sweep "width": mlp on mnist, 3 hidden widths × 3 seeds × 5 epochs, one run FAILED at epoch 2;</li>
 *   <li>sweep "depth": standard-medium on fashion-mnist, 2 depths × 2 seeds × 4 epochs;</li>
 *   <li>one iris run outside any sweep;</li>
 *   <li>sweep "deep": chunked-disk runs, depths 1000 / 10000 / 100000 × widths 32 / 64 with chunk sizes 100 / 1000,
 *       8 step reports each (step_seconds, layer_samples_per_s, cumulative bytes_read / bytes_written,
 *       peak_rss_bytes) and a COMPLETED event with the engine's final figures.</li>
 * </ul>
 * Accuracy grows with width and depth, and so do parameters, time and memory: a real trade-off, so the frontier
 * holds some runs and not others. Runs start one minute apart from {@link #START}.
 */
final class DashboardDataSet {

    static final Instant START = Instant.parse("2026-11-20T09:00:00Z");

    final String widthSweep = TestEvents.uid("width");
    final String depthSweep = TestEvents.uid("depth");
    final String deepSweep = TestEvents.uid("deep");
    final List<JobEvent> events = new ArrayList<>();
    int jobs;
    int completed;
    int deepJobs;
    private int runIndex;

    DashboardDataSet() {
        int[] widths = {32, 64, 128};
        for (int w = 0; w < widths.length; w++) {
            for (int seed = 1; seed <= 3; seed++) {
                boolean fails = w == 2 && seed == 3;
                double acc = 0.90 + 0.02 * w + 0.003 * seed;
                long params = 784L * widths[w] + widths[w] + widths[w] * 10L + 10;
                simd(widthSweep, "mlp", "mnist", seed, Map.of("layers", "784," + widths[w] + ",10", "lr", "0.05"),
                        5, fails ? 2 : -1, acc, params, 20.0 * (w + 1) + seed, 150e6 + 40e6 * w);
            }
        }
        for (int depth : new int[] {2, 4}) {
            for (int seed = 1; seed <= 2; seed++) {
                simd(depthSweep, "standard-medium", "fashion-mnist", seed, Map.of("depth", Integer.toString(depth)), 4,
                        -1, 0.84 + 0.01 * depth - 0.002 * seed, 50_000L * depth, 60.0 * depth + seed, 200e6 + 30e6 * depth);
            }
        }
        simd(null, "iris", "iris", 7, Map.of(), 3, -1, 0.97, 67, 0.4, 90e6);
        int[][] deep = {{1000, 32, 100}, {10000, 32, 1000}, {100000, 32, 1000}, {1000, 64, 100}, {10000, 64, 1000},
                {100000, 64, 1000}};
        for (int[] d : deep) {
            deep(d[0], d[1], d[2]);
        }
    }

    private Instant start() {
        return START.plusSeconds(60L * runIndex++);
    }

    private void simd(String sweep, String model, String dataset, long seed, Map<String, String> options, int epochs,
                      int failAt, double accuracy, long params, double trainSeconds, double rss) {
        String job = TestEvents.uid(model + "-s" + seed);
        Map<String, String> a = TestEvents.attributes(model, dataset, seed, sweep);
        a.putAll(options);
        a.put("epochs", Integer.toString(epochs));
        Instant t = start();
        long seq = 0;
        events.add(event(job, sweep, ++seq, JobEventType.ACCEPTED, t, null, null, Map.of(), null, a));
        events.add(event(job, sweep, ++seq, JobEventType.STARTED, t.plusMillis(200), null, null, Map.of(), null, a));
        double epochSeconds = trainSeconds / epochs;
        for (int e = 1; e <= epochs; e++) {
            Instant at = t.plusMillis((long) (1000 * epochSeconds * e));
            if (e == failAt) {
                events.add(event(job, sweep, ++seq, JobEventType.FAILED, at, e, null, Map.of(), "OutOfMemoryError: heap", null));
                jobs++;
                return;
            }
            double progress = (double) e / epochs;
            events.add(event(job, sweep, ++seq, JobEventType.PROGRESS, at, e, 100L * e, Map.of(
                    "train_loss", 2.3 * Math.exp(-2.5 * progress) + 0.01 * seed,
                    "val_loss", 2.3 * Math.exp(-2.2 * progress) + 0.02 * seed,
                    "val_accuracy", accuracy * (0.6 + 0.4 * progress),
                    "epoch_seconds", epochSeconds), null, null));
        }
        events.add(event(job, sweep, ++seq, JobEventType.COMPLETED, t.plusMillis((long) (1000 * trainSeconds) + 500),
                null, null, Map.of("test_accuracy", accuracy, "test_loss", 0.3 - accuracy / 4, "params", (double) params,
                        "train_seconds", trainSeconds, "peak_rss_bytes", rss, "inference_p50_us", 12.0,
                        "inference_p99_us", 40.0), null, null));
        jobs++;
        completed++;
    }

    private void deep(int layers, int width, int chunk) {
        String job = TestEvents.uid("deep-" + layers + "x" + width);
        Map<String, String> a = new LinkedHashMap<>();
        a.put("model", "deep");
        a.put("dataset", "xor");
        a.put("engine", "chunked-disk");
        a.put("seed", "1");
        a.put("sweep", deepSweep);
        a.put("layers", Integer.toString(layers));
        a.put("width", Integer.toString(width));
        a.put("chunk-layers", Integer.toString(chunk));
        a.put("steps", "8");
        Instant t = start();
        long seq = 0;
        events.add(event(job, deepSweep, ++seq, JobEventType.ACCEPTED, t, null, null, Map.of(), null, a));
        events.add(event(job, deepSweep, ++seq, JobEventType.STARTED, t.plusMillis(100), null, null, Map.of(), null, a));
        // Time per step grows with depth × width; bytes per step: weights read forward and backward, gradients written.
        double stepSeconds = 2e-7 * layers * width / 32;
        double bytesPerStep = 2.0 * layers * (width * width + width) * 4;
        double rss = 64e6 + chunk * width * width * 4.0 * 2;
        for (long step = 1; step <= 8; step++) {
            Instant at = t.plusMillis((long) (1000 * stepSeconds * step) + 100 * step);
            events.add(event(job, deepSweep, ++seq, JobEventType.PROGRESS, at, null, step, Map.of(
                    "step_seconds", stepSeconds * (1 + 0.03 * (step % 3)),
                    "layer_samples_per_s", layers * 64 / stepSeconds,
                    "bytes_read", bytesPerStep * step,
                    "bytes_written", bytesPerStep / 2 * step,
                    "peak_rss_bytes", rss + 1e6 * step,
                    "loss", 0.7 / step), null, null));
        }
        events.add(event(job, deepSweep, ++seq, JobEventType.COMPLETED, t.plusMillis((long) (1000 * stepSeconds * 9) + 900),
                null, 8L, Map.of("final_loss", 0.09, "final_batch_accuracy", 0.95, "train_seconds", stepSeconds * 8,
                        "peak_rss_bytes", rss + 8e6, "bytes_read", bytesPerStep * 8, "params", (double) layers * (width * width + width)),
                null, null));
        jobs++;
        completed++;
        deepJobs++;
    }

    private static JobEvent event(String job, String sweep, long seq, JobEventType type, Instant at, Integer epoch,
                                  Long step, Map<String, Double> metrics, String reason, Map<String, String> attributes) {
        return new JobEvent(1, job, sweep, seq, type, at, epoch, step, metrics, reason, "trainer-0", attributes);
    }
}
