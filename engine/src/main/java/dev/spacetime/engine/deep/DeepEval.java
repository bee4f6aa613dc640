package dev.spacetime.engine.deep;

import dev.spacetime.engine.kernel.DeepKernels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code deep eval}: the whole 10k test set through the stack in one pass over the weight file (chunk checksums
 * verified on the way), the rows split between threads; each chunk's weights serve every row while in cache.
 */
public final class DeepEval {

    public record Result(double accuracy, double loss, double seconds, int rows, long step) {
    }

    private DeepEval() {
    }

    public static Result run(Path weights, Path headPath, Mnist data, DeepKernels kernels, int threads) {
        HeadFile hf = HeadFile.read(headPath);
        Path slotPath = Slots.find(weights, hf.runId(), hf.step());
        DeepSpec spec = hf.spec();
        DeepHead head = hf.head();
        long t0 = System.nanoTime();
        int n = data.testN();
        int parts = Math.max(1, Math.min(threads, n / 16));
        int[][] rows = new int[parts][];
        int[][] labels = new int[parts][];
        float[][] h = new float[parts][];
        int[] lds = new int[parts];
        for (int t = 0, from = 0; t < parts; t++) {
            int to = (int) ((long) n * (t + 1) / parts);
            rows[t] = new int[to - from];
            labels[t] = new int[to - from];
            for (int r = 0; r < to - from; r++) {
                rows[t][r] = from + r;
                labels[t][r] = data.testY()[from + r];
            }
            lds[t] = DeepKernels.laneStride(to - from);
            h[t] = new float[spec.width() * lds[t]];
            head.inputForward(data.testX(), rows[t], to - from, lds[t], h[t]);
            from = to;
        }
        ExecutorService pool = Executors.newFixedThreadPool(parts, r -> {
            Thread th = new Thread(r, "spacetime-deep-eval");
            th.setDaemon(true);
            return th;
        });
        try (SlotFile slot = SlotFile.open(slotPath, false)) {
            slot.verifyWhileReading();
            Chunking chunks = new Chunking(spec.layers(), slot.header().chunkLayers());
            float[] p = new float[chunks.size() * spec.layerFloats()];
            for (int c = 0; c < chunks.count(); c++) {
                int layers = chunks.length(c);
                slot.readLayers(chunks.first(c), layers, p, 0);
                List<Future<?>> fs = new ArrayList<>();
                for (int t = 0; t < parts; t++) {
                    int part = t;
                    fs.add(pool.submit(() -> kernels.forward(spec.width(), lds[part], spec.activation(), spec.alpha(),
                            p, 0, layers, h[part], null, null)));
                }
                for (Future<?> f : fs) {
                    f.get();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        double loss = 0;
        long correct = 0;
        int[] right = new int[1];
        for (int t = 0; t < parts; t++) {
            loss += head.headStep(h[t], lds[t], labels[t], rows[t].length, 0f, null, right);
            correct += right[0];
        }
        return new Result(correct / (double) n, loss / n, (System.nanoTime() - t0) / 1e9, n, hf.step());
    }
}
