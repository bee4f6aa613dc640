package dev.spacetime.engine.train;

import dev.spacetime.engine.data.Dataset;
import dev.spacetime.engine.kernel.Kernels;
import dev.spacetime.engine.model.Model;
import java.util.Arrays;

/**
 * Inference cost after training: single-row latency percentiles (each call timed with System.nanoTime, after a
 * warm-up, cycling through the test rows) and batch throughput. Single rows run on the calling thread: handing
 * one row to a worker pool would only add latency.
 */
public record LatencyStats(double p50Micros, double p99Micros, int calls, double batchRowsPerSecond) {

    public static final LatencyStats SKIPPED = new LatencyStats(Double.NaN, Double.NaN, 0, Double.NaN);

    public static LatencyStats measure(Model model, Kernels single, Kernels batchKernels, Dataset test, int calls) {
        if (calls <= 0 || test.n() == 0) {
            return SKIPPED;
        }
        Model.Workspace one = model.newWorkspace(1);
        int f = test.features();
        int warmup = Math.max(2_000, calls / 5);
        float sink = 0;
        for (int i = 0; i < warmup; i++) {
            sink += model.forward(single, one, test.x(), (i % test.n()) * f, 1)[0];
        }
        long[] nanos = new long[calls];
        for (int i = 0; i < calls; i++) {
            int row = i % test.n();
            long t0 = System.nanoTime();
            float[] out = model.forward(single, one, test.x(), row * f, 1);
            nanos[i] = System.nanoTime() - t0;
            sink += out[0];
        }
        Arrays.sort(nanos);
        double p50 = nanos[(int) (0.50 * (calls - 1))] / 1e3;
        double p99 = nanos[(int) Math.ceil(0.99 * (calls - 1))] / 1e3;

        int batch = Math.min(256, test.n());
        Model.Workspace ws = model.newWorkspace(batch);
        long t0 = System.nanoTime();
        int rows = 0;
        for (int round = 0; round < 3 || System.nanoTime() - t0 < 200_000_000L; round++) {
            for (int start = 0; start + batch <= test.n(); start += batch) {
                sink += model.forward(batchKernels, ws, test.x(), start * f, batch)[0];
                rows += batch;
            }
        }
        double throughput = rows / ((System.nanoTime() - t0) / 1e9);
        if (sink == 42.4242f) {
            System.out.print("");   // keeps the forward calls observable to the JIT
        }
        return new LatencyStats(p50, p99, calls, throughput);
    }
}
