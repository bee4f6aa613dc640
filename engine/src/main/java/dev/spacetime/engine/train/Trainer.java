package dev.spacetime.engine.train;

import dev.spacetime.engine.data.DataSplit;
import dev.spacetime.engine.data.Dataset;
import dev.spacetime.engine.data.SplitMix64;
import dev.spacetime.engine.kernel.Buffers;
import dev.spacetime.engine.kernel.Kernels;
import dev.spacetime.engine.model.FusedTrainingStep;
import dev.spacetime.engine.model.Model;
import dev.spacetime.engine.optim.Optimizer;
import dev.spacetime.engine.parallel.ParallelKernels;
import dev.spacetime.engine.parallel.WorkerPool;
import java.util.ArrayList;
import java.util.List;

/**
 * Minibatch training: each epoch draws a fresh seeded permutation of the training rows, and each step is
 * gather → forward → loss → backward → update. A batch that covers the whole training set is full-batch gradient
 * descent: rows in data order, no shuffle. The model must be initialised by the caller (so a loaded model can
 * be trained further). Deterministic: same model, data, config and kernels → bit-identical weights, whatever the
 * thread count.
 */
public final class Trainer {

    /** Batch order draws from its own stream, so changing the init scheme does not change the order. */
    private static final long ORDER_STREAM = 0x6A09E667F3BCC909L;
    private static final int EVAL_BATCH = 1000;

    private final TrainConfig config;
    private final Kernels kernels;

    public Trainer(TrainConfig config, Kernels kernels) {
        this.config = config;
        this.kernels = kernels;
    }

    /**
     * The stream the batch order is drawn from: epoch e (1-based) visits the training rows in the e-th
     * {@code permutation(n)} of this stream, step j taking positions [j·batch, (j+1)·batch). Public so that peer
     * benchmarks can hand the very same order to other frameworks.
     */
    public static SplitMix64 batchOrderStream(long seed) {
        return new SplitMix64(seed ^ ORDER_STREAM);
    }

    public RunResult train(Model model, DataSplit data, TrainingListener listener) {
        return resume(model, data, null, listener);
    }

    /**
     * Continues a run from a checkpoint taken after one of its epochs (null: from the start). The model must be the
     * run's architecture; its weights are overwritten with the checkpoint's.
     */
    public RunResult resume(Model model, DataSplit data, TrainingCheckpoint from, TrainingListener listener) {
        Dataset train = data.train();
        if (train.features() != model.inputSize()) {
            throw new IllegalArgumentException("model " + model.spec().name() + " takes " + model.inputSize()
                    + " inputs but " + train.name() + " rows have " + train.features());
        }
        // One thread: no pool at all, so tiny nets do not pay for a hand-off they never use.
        WorkerPool pool = config.threads() > 1 ? new WorkerPool(config.threads()) : null;
        try {
            Kernels k = pool == null ? kernels : new ParallelKernels(kernels, pool);
            Run run = new Run(model, data, k, listener);
            if (from != null) {
                run.restore(from);
            }
            return run.execute();
        } finally {
            if (pool != null) {
                pool.close();
            }
        }
    }

    /** The state of one training run. */
    private final class Run {
        final Model model;
        final DataSplit data;
        final Dataset train;
        final Kernels k;
        final TrainingListener listener;
        final int batch;
        final int steps;
        final long totalSteps;
        final Model.Workspace ws;
        final Model.Workspace evalWs;
        final Optimizer optimizer;
        final int[] order;
        final float[] xb;
        final int[] yb;
        final float[] dOut;
        /** Full-batch gradient descent visits the rows in data order: no shuffle, no gather copy. */
        final boolean fullBatch;
        /** A fused step has seen this run's rows at least once (see FusedTrainingStep#forwardBackward). */
        boolean rowsInWorkspace;
        SplitMix64 orderRng;
        int firstEpoch = 1;
        final List<EpochMetrics> recorded = new ArrayList<>();
        long trainNanos;

        Run(Model model, DataSplit data, Kernels k, TrainingListener listener) {
            this.model = model;
            this.data = data;
            this.train = data.train();
            this.k = k;
            this.listener = listener;
            this.batch = Math.min(config.batch(), train.n());
            this.steps = (train.n() + batch - 1) / batch;
            this.totalSteps = (long) steps * config.epochs();
            this.ws = model.newWorkspace(batch);
            this.evalWs = model.newWorkspace(Math.max(batch, EVAL_BATCH));
            this.optimizer = new Optimizer(config.optimizer(), model.parameters());
            this.orderRng = batchOrderStream(config.seed());
            this.fullBatch = batch == train.n();
            this.order = new int[train.n()];
            this.xb = fullBatch ? train.x() : Buffers.floats(batch * train.features());
            this.yb = fullBatch ? train.y() : new int[batch];
            this.dOut = Buffers.floats(batch * model.outputSize());
        }

        void restore(TrainingCheckpoint c) {
            float[] p = model.parameters().values();
            if (c.parameters().length != model.parameters().size() || c.epochsDone() >= config.epochs()) {
                throw new IllegalArgumentException("checkpoint after epoch " + c.epochsDone() + " with "
                        + c.parameters().length + " parameters does not continue this run (" + config.epochs()
                        + " epochs, " + model.parameters().size() + " parameters)");
            }
            System.arraycopy(c.parameters(), 0, p, 0, c.parameters().length);
            optimizer.restore(c.optimizer());
            orderRng = SplitMix64.fromState(c.orderRngState());
            firstEpoch = c.epochsDone() + 1;
            recorded.addAll(c.recorded());
            trainNanos = Math.round(c.trainSeconds() * 1e9);
        }

        TrainingCheckpoint snapshot(int epochsDone) {
            return new TrainingCheckpoint(epochsDone, java.util.Arrays.copyOf(model.parameters().values(),
                    model.parameters().size()), optimizer.state(), orderRng.state(), recorded, trainNanos / 1e9);
        }

        RunResult execute() {
            // The clock is read once per record interval, not per epoch: two nanoTime calls (~50 ns) would be a
            // fifth of an XOR epoch.
            int intervalStart = firstEpoch;
            long t0 = System.nanoTime();
            for (int epoch = firstEpoch; epoch <= config.epochs(); epoch++) {
                listener.epochStarted(epoch, steps);
                double epochLoss = epoch(epoch);
                if (epoch % config.recordEvery() == 0 || epoch == config.epochs()) {
                    long dt = System.nanoTime() - t0;
                    trainNanos += dt;
                    EpochMetrics m = record(epoch, epochLoss, dt / 1e9 / (epoch - intervalStart + 1));
                    recorded.add(m);
                    listener.epochFinished(m);
                    int done = epoch;
                    listener.epochCheckpoint(epoch, () -> snapshot(done));
                    intervalStart = epoch + 1;
                    t0 = System.nanoTime();
                }
            }
            Evaluation test = Evaluation.of(model, k, evalWs, data.test());
            LatencyStats latency = LatencyStats.measure(model, kernels, data.test(), config.latencyCalls());
            return new RunResult(model.spec(), datasetName(train), data.description(), model.parameters().trainableCount(),
                    config, kernels.id(), List.copyOf(recorded), trainNanos / 1e9, test, latency,
                    MemoryStats.peakHeapBytes(), MemoryStats.peakRssBytes());
        }

        /** One pass over the training rows; returns the mean loss. */
        double epoch(int epoch) {
            if (!fullBatch) {
                orderRng.permutation(order);
            }
            double lossSum = 0;
            for (int step = 0; step < steps; step++) {
                int from = step * batch;
                int n = Math.min(batch, train.n() - from);
                if (!fullBatch) {
                    gather(train, order, from, n, xb, yb);
                }
                double stepLoss = forwardBackward(n);
                if (!Double.isFinite(stepLoss)) {
                    throw diverged(model, ws, n, epoch, step + 1, stepLoss);
                }
                optimizer.step(k, config.schedule().factor((long) (epoch - 1) * steps + step, totalSteps));
                lossSum += stepLoss * n;
                listener.stepFinished(epoch, step + 1, stepLoss);
                if (listener.stopRequested()) {
                    throw new TrainingStoppedException(epoch, step + 1);
                }
            }
            return lossSum / train.n();
        }

        double forwardBackward(int n) {
            if (model instanceof FusedTrainingStep fused) {
                // Full batch: the workspace still holds this run's rows from the previous step.
                boolean sameRows = fullBatch && rowsInWorkspace;
                rowsInWorkspace = true;
                return fused.forwardBackward(k, ws, xb, 0, n, yb, 0, sameRows);
            }
            float[] out = model.forward(k, ws, xb, 0, n);
            double stepLoss = model.spec().loss().lossAndGradient(k, out, n, model.outputSize(), yb, 0, dOut);
            if (Double.isFinite(stepLoss)) {
                model.backward(k, ws, xb, 0, n, dOut);
            }
            return stepLoss;
        }

        EpochMetrics record(int epoch, double trainLoss, double secondsPerEpoch) {
            long e0 = System.nanoTime();
            Evaluation val = data.hasValidation() ? Evaluation.of(model, k, evalWs, data.validation()) : null;
            double evalSeconds = (System.nanoTime() - e0) / 1e9;
            return new EpochMetrics(epoch, trainLoss, val == null ? Double.NaN : val.loss(),
                    val == null ? Double.NaN : val.accuracy(), secondsPerEpoch, evalSeconds);
        }
    }

    /** "mnist" for the split part "mnist/train". */
    private static String datasetName(Dataset train) {
        int slash = train.name().indexOf('/');
        return slash < 0 ? train.name() : train.name().substring(0, slash);
    }

    private static void gather(Dataset d, int[] order, int from, int n, float[] xb, int[] yb) {
        int f = d.features();
        for (int i = 0; i < n; i++) {
            int row = order[from + i];
            System.arraycopy(d.x(), row * f, xb, i * f, f);
            yb[i] = d.y()[row];
        }
    }

    private static TrainingDivergedException diverged(Model model, Model.Workspace ws, int n, int epoch, int step, double loss) {
        String layer = model.firstNonFiniteLayer(ws, n);
        return new TrainingDivergedException("training diverged: loss " + loss + " at epoch " + epoch + ", step " + step
                + (layer == null ? " (every layer output was finite; the loss overflowed)" : ", first non-finite output in layer " + layer)
                + ": lower --lr or set --clip-norm");
    }
}
