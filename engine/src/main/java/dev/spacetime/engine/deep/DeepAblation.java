package dev.spacetime.engine.deep;

import dev.spacetime.engine.data.Dataset;
import dev.spacetime.engine.kernel.DeepKernels;
import dev.spacetime.engine.kernel.KernelProvider;
import dev.spacetime.engine.kernel.Kernels;
import dev.spacetime.engine.model.Model;
import dev.spacetime.engine.model.ModelSpec;
import dev.spacetime.engine.model.Models;
import dev.spacetime.engine.optim.Optimizer;
import dev.spacetime.engine.optim.OptimizerConfig;
import dev.spacetime.engine.train.Evaluation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code deep ablate}: what depth buys. The same step budget, batch, seed and minibatch stream at depths 0 (input
 * projection straight into the head), 100, 10⁴ and L, and a 784-128-10 ReLU MLP trained by the engine's own
 * {@code Mlp} with plain SGD; every row evaluated on the 10k test set.
 */
public final class DeepAblation {

    /** One row of the table. */
    public record Row(String model, long layers, long parameters, double testAccuracy, double testLoss,
                      double trainSeconds, double stepSecondsMedian) {
    }

    private DeepAblation() {
    }

    /** Depths 0, 100, 10⁴ and L, without repeats and in increasing order. */
    public static List<Long> depths(long layers) {
        List<Long> d = new ArrayList<>();
        for (long x : new long[] {0, 100, 10_000, layers}) {
            if (x <= layers && !d.contains(x)) {
                d.add(x);
            }
        }
        return d;
    }

    /** Trains (or, for an existing run, just evaluates) one depth in {@code dir}. */
    public static Row depth(Path weights, Path head, DeepSpec spec, int fileChunk, long initSeed, TrainSettings s,
                            DeepOptions o, boolean trainIt, Mnist data, DeepKernels k, int threads, DeepListener log) {
        DeepResult r = null;
        if (trainIt) {
            DeepInit.create(weights, head, spec, fileChunk, initSeed, log);
            try (DeepTrainer t = DeepTrainer.open(weights, head, s, false, o, k, data, log)) {
                r = t.run(log);
            }
        }
        DeepEval.Result e = DeepEval.run(weights, head, data, k, threads);
        long params = spec.layers() * spec.layerFloats()
                + (long) DeepHead.INPUTS * spec.width() + spec.width() + spec.width() * 10L + 10;
        String name = spec.layers() == 0 ? "head only (depth 0)" : String.format("deep, %,d layers", spec.layers());
        return new Row(name, spec.layers(), params, e.accuracy(), e.loss(),
                r == null ? Double.NaN : r.trainSeconds(), r == null ? Double.NaN : r.stepSecondsMedian());
    }

    /** The 784-128-10 MLP on the same stream: steps × batch rows, SGD at {@code lr}. */
    public static Row mlp(Mnist data, long steps, int batch, long seed, float lr) {
        Kernels k = KernelProvider.get();
        ModelSpec spec = Models.resolve("mlp", new Models.Options(null, null, null, null, null, "784,128,10"), 784, 10, seed);
        Model model = spec.build();
        model.initialize(seed);
        Model.Workspace ws = model.newWorkspace(Math.max(batch, 1000));
        Optimizer opt = new Optimizer(OptimizerConfig.sgd(lr), model.parameters());
        MinibatchStream stream = new MinibatchStream(seed, data.trainN());
        int[] rows = new int[batch];
        int[] labels = new int[batch];
        float[] x = new float[batch * 784 + 16];
        float[] dOut = new float[batch * 10 + 16];
        long t0 = System.nanoTime();
        List<Double> stepSeconds = new ArrayList<>();
        for (long t = 0; t < steps; t++) {
            long s0 = System.nanoTime();
            stream.rows(t, batch, rows);
            for (int r = 0; r < batch; r++) {
                for (int p = 0; p < 784; p++) {
                    x[r * 784 + p] = DeepHead.pixel(data.trainX(), rows[r] * 784 + p);
                }
                labels[r] = data.trainY()[rows[r]];
            }
            float[] out = model.forward(k, ws, x, 0, batch);
            spec.loss().lossAndGradient(k, out, batch, 10, labels, 0, dOut);
            model.backward(k, ws, x, 0, batch, dOut);
            opt.step(k);
            stepSeconds.add((System.nanoTime() - s0) / 1e9);
        }
        double train = (System.nanoTime() - t0) / 1e9;
        float[] tx = new float[data.testN() * 784];
        int[] ty = new int[data.testN()];
        for (int i = 0; i < tx.length; i++) {
            tx[i] = DeepHead.pixel(data.testX(), i);
        }
        for (int i = 0; i < ty.length; i++) {
            ty[i] = data.testY()[i];
        }
        Evaluation e = Evaluation.of(model, k, ws, new Dataset("mnist/test", tx, ty, data.testN(), 784, 10, 28, 28));
        return new Row("MLP 784-128-10 (ReLU)", 0, model.parameters().trainableCount(), e.accuracy(), e.loss(), train,
                DeepTrainer.median(stepSeconds));
    }
}
