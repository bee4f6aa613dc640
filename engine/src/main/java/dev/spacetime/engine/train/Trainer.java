package dev.spacetime.engine.train;

import dev.spacetime.engine.data.DataSplit;
import dev.spacetime.engine.data.Dataset;
import dev.spacetime.engine.data.SplitMix64;
import dev.spacetime.engine.kernel.Buffers;
import dev.spacetime.engine.kernel.Kernels;
import dev.spacetime.engine.loss.LossFunction;
import dev.spacetime.engine.model.Model;
import dev.spacetime.engine.optim.Optimizer;
import dev.spacetime.engine.parallel.ParallelKernels;
import dev.spacetime.engine.parallel.WorkerPool;
import java.util.ArrayList;
import java.util.List;

/**
 * Minibatch training: each epoch draws a fresh seeded permutation of the training rows, and each step is
 * gather → forward → loss → backward → update. The model must be initialised by the caller (so a loaded model can
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
        Dataset train = data.train();
        if (train.features() != model.inputSize()) {
            throw new IllegalArgumentException("model " + model.spec().name() + " takes " + model.inputSize()
                    + " inputs but " + train.name() + " rows have " + train.features());
        }
        try (WorkerPool pool = new WorkerPool(config.threads())) {
            ParallelKernels k = new ParallelKernels(kernels, pool);
            int batch = Math.min(config.batch(), train.n());
            Model.Workspace ws = model.newWorkspace(batch);
            Model.Workspace evalWs = model.newWorkspace(Math.max(batch, EVAL_BATCH));
            Optimizer optimizer = new Optimizer(config.optimizer(), model.parameters());
            SplitMix64 orderRng = batchOrderStream(config.seed());
            float[] xb = Buffers.floats(batch * train.features());
            int[] yb = new int[batch];
            float[] dOut = Buffers.floats(batch * model.outputSize());
            LossFunction loss = model.spec().loss();
            int steps = (train.n() + batch - 1) / batch;
            long totalSteps = (long) steps * config.epochs();
            List<EpochMetrics> epochs = new ArrayList<>();

            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                listener.epochStarted(epoch, steps);
                long t0 = System.nanoTime();
                int[] order = orderRng.permutation(train.n());
                double lossSum = 0;
                for (int step = 0; step < steps; step++) {
                    int from = step * batch;
                    int n = Math.min(batch, train.n() - from);
                    gather(train, order, from, n, xb, yb);
                    float[] out = model.forward(k, ws, xb, 0, n);
                    double stepLoss = loss.lossAndGradient(k, out, n, model.outputSize(), yb, 0, dOut);
                    if (!Double.isFinite(stepLoss)) {
                        throw diverged(model, ws, n, epoch, step + 1, stepLoss);
                    }
                    model.backward(k, ws, xb, 0, n, dOut);
                    optimizer.step(k, config.schedule().factor((long) (epoch - 1) * steps + step, totalSteps));
                    lossSum += stepLoss * n;
                    listener.stepFinished(epoch, step + 1, stepLoss);
                }
                double trainSeconds = (System.nanoTime() - t0) / 1e9;
                long e0 = System.nanoTime();
                Evaluation val = data.hasValidation() ? Evaluation.of(model, k, evalWs, data.validation()) : null;
                double evalSeconds = (System.nanoTime() - e0) / 1e9;
                EpochMetrics m = new EpochMetrics(epoch, lossSum / train.n(),
                        val == null ? Double.NaN : val.loss(), val == null ? Double.NaN : val.accuracy(),
                        trainSeconds, evalSeconds);
                epochs.add(m);
                listener.epochFinished(m);
            }
            Evaluation test = Evaluation.of(model, k, evalWs, data.test());
            LatencyStats latency = LatencyStats.measure(model, kernels, k, data.test(), config.latencyCalls());
            return new RunResult(model.spec(), datasetName(train), data.description(), model.parameters().trainableCount(),
                    config, kernels.id(), List.copyOf(epochs), test, latency,
                    MemoryStats.peakHeapBytes(), MemoryStats.peakRssBytes());
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
