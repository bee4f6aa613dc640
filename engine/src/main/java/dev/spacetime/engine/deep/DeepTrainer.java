package dev.spacetime.engine.deep;

import dev.spacetime.engine.kernel.DeepKernels;
import dev.spacetime.engine.train.MemoryStats;
import dev.spacetime.engine.train.TrainingDivergedException;
import dev.spacetime.engine.train.TrainingStoppedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Exact chunked SGD through the stack. One step:
 * <pre>
 * h₀ = tanh(x·W_in + b_in)                                   input projection (DeepHead)
 * forward:  for chunk c = 0..N−1: boundary[c] = h; h = chunk c (h)          (or keep every layer's input)
 * head:     loss, dL/dh_L; W_out, b_out updated (with the old W_out in dL/dh_L)
 * backward: for chunk c = N−1..0: recompute chunk c from boundary[c], storing each layer's input and slope;
 *           g = backward chain through the chunk with the weights as they were; then (on the I/O thread) the
 *           chunk's SGD update and write-back
 * input:    W_in, b_in updated from dL/dh₀
 * </pre>
 * Memory: N boundary states + two chunks of per-layer state + three chunk parameter buffers; with C ≈ √L both
 * terms are ≈ √L. The I/O thread loads chunk c−1 while chunk c computes, and applies chunk c's update and write
 * while chunk c−1 recomputes: the two cores split the work, and every operation is the same as in the other modes,
 * so chunked, in-memory and store-all runs give bit-identical weights.
 */
public final class DeepTrainer implements AutoCloseable {

    private final Path weights;
    private final Path headPath;
    private HeadFile headFile;
    private final DeepSpec spec;
    private final DeepHead head;
    private final TrainSettings settings;
    private final DeepOptions options;
    private final Chunking chunks;
    private final DeepKernels kernels;
    private final Mnist data;
    private final LayerStore store;
    private final ExecutorService io;
    private final MinibatchStream stream;

    private final int w;
    private final int ld;
    private final int plane;
    private final int batch;
    private final int[] rows;
    private final int[] labels;
    private final float[] h;
    private final float[] h0;
    private final float[] g;
    private final float[] scratchH;
    private final float[][] boundary;
    private final float[][] paramBufs;
    private final float[][] hsBufs;
    private final float[][] esBufs;
    private final float[][] hsAll;
    private final float[][] esAll;

    private DeepTrainer(Path weights, Path headPath, HeadFile headFile, TrainSettings settings, DeepOptions options,
                        Chunking chunks, DeepKernels kernels, Mnist data, LayerStore store) {
        this.weights = weights;
        this.headPath = headPath;
        this.headFile = headFile;
        this.spec = headFile.spec();
        this.head = headFile.head().copy();
        this.settings = settings;
        this.options = options;
        this.chunks = chunks;
        this.kernels = kernels;
        this.data = data;
        this.store = store;
        this.stream = new MinibatchStream(settings.seed(), data.trainN());
        this.io = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "spacetime-deep-io");
            t.setDaemon(true);
            return t;
        });
        this.w = spec.width();
        this.batch = settings.batch();
        this.ld = DeepKernels.laneStride(batch);
        this.plane = w * ld;
        this.rows = new int[batch];
        this.labels = new int[batch];
        this.h = new float[plane];
        this.h0 = new float[plane];
        this.g = new float[plane];
        this.scratchH = new float[plane];
        int n = chunks.count();
        this.boundary = new float[n][plane];
        int chunkState = chunks.size() * plane;
        if (options.storeActivations()) {
            hsAll = new float[n][];
            esAll = new float[n][];
            for (int c = 0; c < n; c++) {
                hsAll[c] = new float[chunks.length(c) * plane];
                esAll[c] = new float[chunks.length(c) * plane];
            }
            hsBufs = null;
            esBufs = null;
        } else {
            hsAll = null;
            esAll = null;
            hsBufs = new float[][] {new float[chunkState], new float[chunkState]};
            esBufs = new float[][] {new float[chunkState], new float[chunkState]};
        }
        int bufFloats = options.inMemory() ? 0 : chunks.size() * spec.layerFloats();
        this.paramBufs = new float[][] {new float[bufFloats], new float[bufFloats], new float[bufFloats]};
    }

    /**
     * Opens a run on the model in {@code weights} + {@code headPath}: checks the files, prints the plan (refusing
     * what does not fit), and loads or maps the stack. {@code resume}: continue the run recorded in the head file
     * (whose settings must equal {@code settings}); otherwise the model must be untrained.
     */
    public static DeepTrainer open(Path weights, Path headPath, TrainSettings settings, boolean resume,
                                   DeepOptions options, DeepKernels kernels, Mnist data, DeepListener log) {
        HeadFile hf = HeadFile.read(headPath);
        if (resume) {
            if (hf.settings() == null) {
                throw new DeepException(headPath + " records no training yet: drop --resume to start the run");
            }
            if (!hf.settings().equals(settings)) {
                throw new DeepException("--resume continues the run recorded in " + headPath + " (" + describe(hf.settings())
                        + "), but this command asks for " + describe(settings) + ": drop the differing options");
            }
        } else if (hf.step() > 0) {
            throw new DeepException(headPath + " has already trained " + hf.step() + " steps: add --resume to continue "
                    + "that run (up to --steps in total), or 'spacetime deep init' a fresh model");
        }
        Path slot = Slots.find(weights, hf.runId(), hf.step());
        WeightFileHeader header = SlotFile.readHeader(slot);
        if (!header.spec().equals(hf.spec())) {
            throw new DeepException(slot + " holds " + header.spec().describe() + " but " + headPath + " expects "
                    + hf.spec().describe() + ": pass the weight and head files of the same model");
        }
        int size = options.chunkLayers() == 0 ? header.chunkLayers() : options.chunkLayers();
        Chunking chunks = new Chunking(hf.spec().layers(), size);
        DeepPlan plan = DeepPlan.of(hf.spec(), header, chunks, settings.batch(), options, weights);
        plan.lines().forEach(log::log);
        plan.check();
        LayerStore store = options.inMemory()
                ? new MemoryStore(weights, slot, chunks, hf.spec().layerFloats())
                : new FileStore(weights, slot, chunks);
        return new DeepTrainer(weights, headPath, hf, settings, options, chunks, kernels, data, store);
    }

    private static String describe(TrainSettings s) {
        return String.format(java.util.Locale.ROOT, "batch %d, seed %d, layer lr %s, head lr %s", s.batch(), s.seed(),
                s.layerLr(), s.headLr());
    }

    /**
     * Trains until {@code options.steps()} steps are done, checkpointing on the way; reports every interval. Throws
     * {@link TrainingStoppedException} (epoch 0: runs here count steps only) when the listener asks to stop.
     */
    public DeepResult run(DeepListener listener) {
        long first = headFile.step();
        long t0All = System.nanoTime();
        List<Double> allSeconds = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        double lossSum = 0;
        double accSum = 0;
        int inInterval = 0;
        double lastLoss = Double.NaN;
        double lastAcc = Double.NaN;
        long readMark = store.bytesRead();
        long writeMark = store.bytesWritten();
        long checkpoints = 0;
        int[] correct = new int[1];
        for (long t = first; t < options.steps(); t++) {
            if (listener.stopRequested()) {
                throw new TrainingStoppedException(0, (int) Math.min(t, Integer.MAX_VALUE));
            }
            boolean checkpoint = (t + 1) % options.checkpointEvery() == 0 || t + 1 == options.steps();
            store.beginStep(checkpoint);
            long s0 = System.nanoTime();
            double loss = step(t, correct);
            store.endStep();
            double sec = (System.nanoTime() - s0) / 1e9;
            if (!Double.isFinite(loss)) {
                throw new TrainingDivergedException("training diverged: loss " + loss + " at step " + (t + 1)
                        + ": lower --layer-lr / --head-lr (the last checkpoint is intact)");
            }
            if (checkpoint) {
                long c0 = System.nanoTime();
                store.checkpoint(t + 1);
                headFile = headFile.at(t + 1, settings, head.copy());
                headFile.write(headPath);
                checkpoints++;
                listener.log(String.format(java.util.Locale.ROOT, "checkpoint: step %d durable in %.2f s", t + 1,
                        (System.nanoTime() - c0) / 1e9));
                listener.checkpointed(t + 1);
            }
            seconds.add(sec);
            allSeconds.add(sec);
            lastLoss = loss;
            lastAcc = correct[0] / (double) batch;
            lossSum += loss;
            accSum += lastAcc;
            inInterval++;
            if ((t + 1 - first) % options.reportEvery() == 0 || t + 1 == options.steps()) {
                double med = median(seconds);
                long read = store.bytesRead();
                long written = store.bytesWritten();
                listener.report(new DeepListener.IntervalReport(t + 1, options.steps(), lossSum / inInterval,
                        accSum / inInterval, med, spec.layers() * (double) batch / med, read - readMark,
                        written - writeMark, MemoryStats.peakRssBytes()));
                readMark = read;
                writeMark = written;
                seconds.clear();
                lossSum = 0;
                accSum = 0;
                inInterval = 0;
            }
        }
        long peak = MemoryStats.peakRssBytes();
        long read = store.bytesRead();
        long written = store.bytesWritten();
        double total = (System.nanoTime() - t0All) / 1e9;
        store.finish();
        return new DeepResult(spec, batch, first, Math.max(first, options.steps()), chunks.size(), options.mode(),
                options.storeActivations(), kernels.id(), median(allSeconds), lastLoss, lastAcc, read, written, peak,
                total, checkpoints);
    }

    static double median(List<Double> xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    /** One SGD step on the batch of step t (0-based); returns the batch's mean loss, sets correct[0]. */
    double step(long t, int[] correct) {
        stream.rows(t, batch, rows);
        for (int r = 0; r < batch; r++) {
            labels[r] = data.trainY()[rows[r]];
        }
        head.inputForward(data.trainX(), rows, batch, ld, h);
        System.arraycopy(h, 0, h0, 0, plane);
        if (spec.layers() > 0) {
            forwardPass();
        }
        double loss = head.headStep(h, ld, labels, batch, settings.headLr(), g, correct) / batch;
        if (spec.layers() > 0) {
            backwardPass();
        }
        head.inputBackward(data.trainX(), rows, batch, ld, h0, g, settings.headLr());
        return loss;
    }

    private void forwardPass() {
        int n = chunks.count();
        Future<float[]> next = load(0);
        for (int c = 0; c < n; c++) {
            float[] p = await(next);
            if (c + 1 < n) {
                next = load(c + 1);
            }
            System.arraycopy(h, 0, boundary[c], 0, plane);
            if (hsAll != null) {
                kernels.forward(w, ld, spec.activation(), spec.alpha(), p, 0, chunks.length(c), h, hsAll[c], esAll[c]);
            } else {
                kernels.forward(w, ld, spec.activation(), spec.alpha(), p, 0, chunks.length(c), h, null, null);
            }
        }
    }

    private void backwardPass() {
        int n = chunks.count();
        Future<float[]> next = load(n - 1);
        List<Future<?>> updates = new ArrayList<>(n);
        Future<?>[] usingBuffer = new Future<?>[2];   // the update still reading hsBufs[i] / esBufs[i]
        for (int c = n - 1; c >= 0; c--) {
            float[] p = await(next);
            if (c > 0) {
                next = load(c - 1);
            }
            int layers = chunks.length(c);
            float[] hs;
            float[] es;
            if (hsAll != null) {
                hs = hsAll[c];
                es = esAll[c];
            } else {
                hs = hsBufs[c % 2];
                es = esBufs[c % 2];
                if (usingBuffer[c % 2] != null) {
                    await(usingBuffer[c % 2]);   // chunk c+2's update must be done with these buffers
                }
                System.arraycopy(boundary[c], 0, scratchH, 0, plane);
                kernels.forward(w, ld, spec.activation(), spec.alpha(), p, 0, layers, scratchH, hs, es);
            }
            kernels.backward(w, ld, p, 0, layers, es, g);
            int chunk = c;
            float lr = settings.layerLr();
            // chunked: loads and updates share the FIFO I/O thread, so this update ends before a later load can
            // reuse p; hs/es are guarded explicitly (in memory the loads do not go through that thread)
            Future<?> update = io.submit(() -> {
                kernels.update(w, ld, lr, p, 0, layers, hs, es);
                store.store(chunk, p);
            });
            updates.add(update);
            usingBuffer[c % 2] = update;
        }
        for (Future<?> f : updates) {
            await(f);
        }
    }

    /**
     * Chunk c's parameters, loading on the I/O thread ahead of use; in memory there is nothing to load, and a
     * hand-off to another thread per chunk (thousands per step) would cost more than the chunk's arithmetic.
     */
    private Future<float[]> load(int c) {
        if (store instanceof MemoryStore) {
            return CompletableFuture.completedFuture(store.load(c, null));
        }
        float[] spare = paramBufs[c % 3];
        return io.submit(() -> store.load(c, spare));
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the I/O thread", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The head as trained so far (a copy). */
    public DeepHead head() {
        return head.copy();
    }

    @Override
    public void close() {
        io.shutdownNow();
        store.close();
    }
}
