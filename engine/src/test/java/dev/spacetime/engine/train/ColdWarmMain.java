package dev.spacetime.engine.train;

import dev.spacetime.engine.data.DataSplit;
import dev.spacetime.engine.data.SplitMix64;
import dev.spacetime.engine.kernel.Activation;
import dev.spacetime.engine.kernel.KernelProvider;
import dev.spacetime.engine.kernel.Kernels;
import dev.spacetime.engine.loss.LossFunction;
import dev.spacetime.engine.model.MlpSpec;
import dev.spacetime.engine.model.Model;
import dev.spacetime.engine.optim.OptimizerConfig;
import dev.spacetime.engine.optim.Schedule;

/**
 * Child-JVM entry point of {@link DeterminismTest#aWarmJvmTrainsTheSameWeightsAsAColdOne}. In a fresh JVM it
 * records the kernels' results and a short training run while the code is still interpreted, then runs the same
 * kernels ~50,000 times (so that C2 compiles them), and repeats both. Prints one line per comparison and exits 1
 * when any result changed with the JIT state.
 */
public final class ColdWarmMain {

    private static final int M = 64;

    private ColdWarmMain() {
    }

    private static float[] train(Kernels k) {
        DataSplit data = SyntheticData.blobs(5, 20, 4, 3.0, 1200, 100, 100);
        Model m = new MlpSpec("d", new int[] {20, 16, 4}, Activation.RELU, Activation.IDENTITY,
                LossFunction.SOFTMAX_CROSS_ENTROPY).build();
        m.initialize(42);
        // 4 epochs × 75 steps: ~300 kernel calls of each kind, below the JIT's compile thresholds
        new Trainer(new TrainConfig(4, 16, OptimizerConfig.adam(1e-2), Schedule.COSINE, 42, 1, 0), k)
                .train(m, data, TrainingListener.NONE);
        return m.parameters().values().clone();
    }

    private static float[] softmaxCe(Kernels k, float[] z, int[] labels, int n) {
        float[] g = new float[M * n + 1];
        g[M * n] = (float) k.softmaxCrossEntropy(M, n, z, 0, labels, 0, g, 0, 1f / M);
        return g;
    }

    private static float[] act(Kernels k, float[] z, Activation a) {
        float[] c = z.clone();
        k.biasAct(M, 10, c, 0, 10, null, 0, a);
        return c;
    }

    public static void main(String[] args) {
        Kernels k = KernelProvider.get();
        SplitMix64 rng = new SplitMix64(1);
        float[] z = new float[M * 10];
        for (int i = 0; i < z.length; i++) {
            z[i] = (rng.nextFloat() * 2f - 1f) * 5f;
        }
        int[] labels = new int[M];
        for (int i = 0; i < M; i++) {
            labels[i] = rng.nextInt(4);
        }
        float[] ceCold = softmaxCe(k, z, labels, 10);
        float[] ce4Cold = softmaxCe(k, z, labels, 4);
        float[] sigCold = act(k, z, Activation.SIGMOID);
        float[] tanhCold = act(k, z, Activation.TANH);
        float[] wCold = train(k);

        float sink = 0;
        for (int i = 0; i < 50_000; i++) {
            sink += softmaxCe(k, z, labels, 10)[0] + softmaxCe(k, z, labels, 4)[0];
            sink += act(k, z, Activation.SIGMOID)[1] + act(k, z, Activation.TANH)[2];
        }
        boolean ok = true;
        ok &= report("softmaxCrossEntropy n=10", ceCold, softmaxCe(k, z, labels, 10));
        ok &= report("softmaxCrossEntropy n=4", ce4Cold, softmaxCe(k, z, labels, 4));
        ok &= report("biasAct sigmoid", sigCold, act(k, z, Activation.SIGMOID));
        ok &= report("biasAct tanh", tanhCold, act(k, z, Activation.TANH));
        ok &= report("trained weights", wCold, train(k));
        System.out.println("kernels " + k.id() + (sink == 42.4242f ? "!" : ""));
        System.exit(ok ? 0 : 1);
    }

    private static boolean report(String what, float[] cold, float[] warm) {
        int differ = 0;
        for (int i = 0; i < cold.length; i++) {
            differ += Float.floatToIntBits(cold[i]) != Float.floatToIntBits(warm[i]) ? 1 : 0;
        }
        System.out.println(what + ": " + (differ == 0 ? "identical" : differ + " of " + cold.length
                + " values differ between the interpreted and the JIT-compiled kernels"));
        return differ == 0;
    }
}
