package dev.spacetime.engine.train;

import dev.spacetime.engine.data.Dataset;
import dev.spacetime.engine.kernel.Kernels;
import dev.spacetime.engine.model.Model;
import java.util.Arrays;

/**
 * Inference cost after training, each call timed with System.nanoTime after a warm-up ({@code calls} is the number
 * of timed single-row calls actually made: the requested count, or fewer for models too slow to fit the budget):
 * <ul>
 *   <li>single-row latency percentiles, cycling through the test rows;</li>
 *   <li>batch latency percentiles for the first {@code batchRows} test rows (all of Iris's 30, 256 of MNIST's),
 *       forward pass plus the predicted classes;</li>
 *   <li>batch throughput in rows per second.</li>
 * </ul>
 * Everything runs on the calling thread: handing one row to a worker pool would only add latency.
 */
public record LatencyStats(double p50Micros, double p99Micros, int calls, int batchRows, double batchP50Micros,
                           double batchP99Micros, double batchRowsPerSecond) {

    public static final LatencyStats SKIPPED = new LatencyStats(Double.NaN, Double.NaN, 0, 0, Double.NaN, Double.NaN, Double.NaN);

    private static final int MAX_BATCH = 256;

    /** Wall-clock budgets per measurement: big models (Sequential2D, 256-row batches) get fewer calls, not minutes. */
    static final long WARMUP_BUDGET_NANOS = 500_000_000L;
    static final long TIMED_BUDGET_NANOS = 500_000_000L;
    static final int MIN_TIMED_CALLS = 200;

    public static LatencyStats measure(Model model, Kernels kernels, Dataset test, int calls) {
        if (calls <= 0 || test.n() == 0) {
            return SKIPPED;
        }
        int f = test.features();
        Model.Workspace one = model.newWorkspace(1);
        long[] single = time(calls, i -> model.forward(kernels, one, test.x(), (i % test.n()) * f, 1)[0]);

        int batch = Math.min(MAX_BATCH, test.n());
        Model.Workspace ws = model.newWorkspace(batch);
        int[] predicted = new int[batch];
        long[] batched = time(calls, i -> {
            float[] out = model.forward(kernels, ws, test.x(), 0, batch);
            for (int r = 0; r < batch; r++) {
                predicted[r] = model.spec().loss().predict(out, r, model.outputSize());
            }
            return predicted[i % batch];
        });
        double meanBatchNanos = Arrays.stream(batched).average().orElse(Double.NaN);
        return new LatencyStats(percentile(single, 0.50), percentile(single, 0.99), single.length, batch,
                percentile(batched, 0.50), percentile(batched, 0.99), batch / (meanBatchNanos / 1e9));
    }

    private interface Call {
        float run(int i);
    }

    /**
     * Sorted per-call nanoseconds. Warm-up: max(20,000, calls) calls (C2 compiles a method after about 10,000
     * calls, and the Vector API runs 10–100× slower until it has), cut short by a time budget for slow calls; then
     * {@code calls} timed calls, or as many as fit the timed budget (at least {@link #MIN_TIMED_CALLS}).
     */
    private static long[] time(int calls, Call call) {
        float sink = 0;
        long start = System.nanoTime();
        for (int i = 0, warmup = Math.max(20_000, calls); i < warmup; i++) {
            sink += call.run(i);
            if ((i & 63) == 63 && System.nanoTime() - start > WARMUP_BUDGET_NANOS) {
                break;
            }
        }
        long[] nanos = new long[calls];
        int done = 0;
        long timedStart = System.nanoTime();
        while (done < calls) {
            long t0 = System.nanoTime();
            sink += call.run(done);
            long t1 = System.nanoTime();
            nanos[done++] = t1 - t0;
            if (done >= MIN_TIMED_CALLS && t1 - timedStart > TIMED_BUDGET_NANOS) {
                break;
            }
        }
        if (sink == 42.4242f) {
            System.out.print("");   // keeps the results observable to the JIT
        }
        long[] timed = Arrays.copyOf(nanos, done);
        Arrays.sort(timed);
        return timed;
    }

    private static double percentile(long[] sorted, double q) {
        return sorted[(int) Math.ceil(q * (sorted.length - 1))] / 1e3;
    }
}
