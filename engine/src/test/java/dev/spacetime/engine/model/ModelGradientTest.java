package dev.spacetime.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.engine.data.SplitMix64;
import dev.spacetime.engine.kernel.Activation;
import dev.spacetime.engine.kernel.KernelProvider;
import dev.spacetime.engine.kernel.Kernels;
import dev.spacetime.engine.kernel.ScalarKernels;
import dev.spacetime.engine.loss.LossFunction;
import dev.spacetime.engine.model.Sequential2DSpec.Preset;
import dev.spacetime.engine.optim.Optimizer;
import dev.spacetime.engine.optim.OptimizerConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every model's backward pass against central differences of its own forward pass, over all parameters of small
 * instances: the MLP (ReLU + softmax cross-entropy, and the sigmoid/MSE xor net), the RecursiveNet's BPTT through
 * tied weights at depths 1, 3 and 5, and Sequential2D's block map for each preset at 1, 2 and 4 iterations. The loss
 * oracle is computed in double from the float outputs ({@link GradCheck#loss}), independently of the loss kernel.
 */
class ModelGradientTest {

    private static final int N = 4;

    /** A model with initialised weights, a batch of N rows at a non-zero offset, and labels. */
    record Fixture(Model model, Kernels k, Model.Workspace ws, float[] x, int xOff, int[] labels) {

        float[] forward() {
            return model.forward(k, ws, x, xOff, N);
        }

        double loss() {
            return GradCheck.loss(model.spec().loss(), forward(), N, model.outputSize(), labels);
        }

        /** forward, loss gradient, backward into a gradient buffer pre-filled with NaN; returns a copy of the gradients. */
        float[] gradients() {
            float[] out = forward();
            float[] dOut = new float[N * model.outputSize()];
            double kernelLoss = model.spec().loss().lossAndGradient(k, out, N, model.outputSize(), labels, 0, dOut);
            double oracle = GradCheck.loss(model.spec().loss(), out, N, model.outputSize(), labels);
            assertEquals(oracle, kernelLoss, 1e-6 * Math.max(1, oracle), "loss kernel vs double oracle");
            int size = model.parameters().size();
            Arrays.fill(model.parameters().grads(), 0, size, Float.NaN);     // backward must overwrite every entry
            model.backward(k, ws, x, xOff, N, dOut);
            return Arrays.copyOf(model.parameters().grads(), size);
        }
    }

    static Fixture fixture(ModelSpec spec, Kernels k, long seed) {
        Model model = spec.build();
        model.initialize(seed);
        SplitMix64 rng = new SplitMix64(seed * 31 + 7);
        float[] p = model.parameters().values();
        float[] mask = model.parameters().mask();
        // Initialisation leaves some biases at 0; nudge every trainable entry so that biases matter too.
        for (int i = 0; i < model.parameters().size(); i++) {
            if (mask == null || mask[i] != 0f) {
                p[i] += (float) (rng.nextGaussian() * 0.1);
            }
        }
        int in = spec.inputSize();
        int[] labels = new int[N];
        float[] x;
        if (spec.loss() == LossFunction.MEAN_SQUARED_ERROR) {
            x = new float[] {9, 9, 0, 0, 0, 1, 1, 0, 1, 1};      // a junk row, then the four xor rows
            labels = new int[] {0, 1, 1, 0};
        } else {
            x = new float[(N + 1) * in];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rng.nextGaussian();
            }
            for (int r = 0; r < N; r++) {
                labels[r] = rng.nextInt(spec.outputSize());
            }
        }
        return new Fixture(model, k, model.newWorkspace(N), x, in, labels);
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        Kernels scalar = ScalarKernels.INSTANCE;
        cases.add(Arguments.of("mlp 5-7-6-3 relu", new MlpSpec("t", new int[] {5, 7, 6, 3}, Activation.RELU,
                Activation.IDENTITY, LossFunction.SOFTMAX_CROSS_ENTROPY), scalar));
        cases.add(Arguments.of("mlp 5-7-6-3 tanh", new MlpSpec("t", new int[] {5, 7, 6, 3}, Activation.TANH,
                Activation.IDENTITY, LossFunction.SOFTMAX_CROSS_ENTROPY), scalar));
        cases.add(Arguments.of("xor 2-2-1 sigmoid mse", MlpSpec.xor(), scalar));
        for (int depth : new int[] {1, 3, 5}) {
            cases.add(Arguments.of("recursive depth " + depth, new RecursiveSpec(6, 5, depth, 3), scalar));
        }
        for (Preset preset : Preset.values()) {
            for (int iterations : new int[] {1, 2, 4}) {
                cases.add(Arguments.of("sequential2d " + preset.id() + " T=" + iterations,
                        new Sequential2DSpec(new int[] {6, 5, 4, 3}, preset, iterations, 7L), scalar));
            }
        }
        Kernels provided = KernelProvider.get();
        cases.add(Arguments.of("recursive depth 3 on " + provided.id(), new RecursiveSpec(6, 5, 3, 3), provided));
        cases.add(Arguments.of("sequential2d full T=2 on " + provided.id(),
                new Sequential2DSpec(new int[] {6, 5, 4, 3}, Preset.FULL, 2, 7L), provided));
        cases.add(Arguments.of("mlp 5-7-6-3 relu on " + provided.id(), new MlpSpec("t", new int[] {5, 7, 6, 3},
                Activation.RELU, Activation.IDENTITY, LossFunction.SOFTMAX_CROSS_ENTROPY), provided));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientsMatchFiniteDifferences(String name, ModelSpec spec, Kernels k) {
        Fixture f = fixture(spec, k, 11);
        Parameters params = f.model().parameters();
        float[] analytic = f.gradients();
        float[] mask = params.mask();

        List<Integer> trainable = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            if (mask == null || mask[i] != 0f) {
                trainable.add(i);
            } else {
                // == rather than assertEquals: −0.0 (a negative value times a 0 mask) is exactly zero too.
                assertTrue(analytic[i] == 0f, name + ": gradient of pruned entry " + label(params, i) + " = " + analytic[i]);
                assertTrue(params.values()[i] == 0f, name + ": pruned entry " + label(params, i) + " = " + params.values()[i]);
            }
        }
        assertEquals(params.trainableCount(), trainable.size());
        int[] indices = trainable.stream().mapToInt(Integer::intValue).toArray();
        GradCheck.Report r = GradCheck.check(params.values(), analytic, indices, f::loss, i -> label(params, i), name);
        assertTrue(r.skipped() <= indices.length / 10, name + ": too many kinks: " + r);
        assertTrue(r.nonTrivial() >= minimumNonTrivial(spec, indices.length), name + ": " + r);
        if (spec instanceof Sequential2DSpec s) {
            assertGradientStructure(s, params, analytic, name);
        }

        double ratio = GradCheck.descentRatio(params.values(), analytic, f::loss);
        assertEquals(1.0, ratio, 0.1, name + ": loss decrease along −grad vs first-order prediction");

        float[] again = f.gradients();
        assertArrayEquals(analytic, again, name + ": a second backward gives the same gradients (overwrite, not add)");
    }

    /**
     * A guard against vacuous passes (dead ReLUs, zero gradients). MLPs and RecursiveNets: most parameters must have
     * a clearly non-zero gradient. Sequential2D: {@link #assertGradientStructure} instead, because with few
     * iterations most blocks cannot reach the output at all.
     */
    private static int minimumNonTrivial(ModelSpec spec, int trainable) {
        return spec instanceof Sequential2DSpec ? 1 : trainable / 2;
    }

    /**
     * Sequential2D: a tensor whose block cannot reach the output within T iterations has exactly zero gradient; one
     * that can has a non-zero one (dense presets). Block i at iteration t reaches the output when
     * i = B at t = T, or some block k computed from it at t + 1 reaches it; W_ij also needs a non-zero input at t,
     * which the state blocks (j ≥ 1) only hold from t = 2 on.
     */
    static void assertGradientStructure(Sequential2DSpec spec, Parameters params, float[] g, String name) {
        int last = spec.blocks().length - 1;
        for (int i = 1; i <= last; i++) {
            for (int j = 0; j <= last; j++) {
                if (!spec.hasBlock(i, j)) {
                    continue;
                }
                for (boolean weight : new boolean[] {true, false}) {
                    Parameters.Tensor t = params.tensor((weight ? "W" : "b") + i + "_" + j);
                    boolean reachable = false;
                    for (int it = 1; it <= spec.iterations(); it++) {
                        reachable |= influences(spec, i, it) && (!weight || j == 0 || it >= 2);
                    }
                    int nonZero = 0;
                    int trainable = 0;
                    for (int e = t.offset(); e < t.offset() + t.size(); e++) {
                        nonZero += g[e] != 0f ? 1 : 0;
                        trainable += params.mask() == null || params.mask()[e] != 0f ? 1 : 0;
                    }
                    if (!reachable) {
                        assertEquals(0, nonZero, name + ": " + t.name() + " cannot reach the output but has gradients");
                    } else if (trainable > 0 && spec.preset() != Sequential2DSpec.Preset.RANDOM_SPARSE) {
                        // (random-sparse: a unit whose outgoing weights are all pruned legitimately gets 0)
                        assertTrue(nonZero > 0, name + ": " + t.name() + " reaches the output but its gradient is 0");
                    }
                }
            }
        }
    }

    private static boolean influences(Sequential2DSpec spec, int block, int t) {
        int last = spec.blocks().length - 1;
        if (t == spec.iterations()) {
            return block == last;
        }
        for (int k = 1; k <= last; k++) {
            if (spec.hasBlock(k, block) && influences(spec, k, t + 1)) {
                return true;
            }
        }
        return false;
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void oneIterationOnlyReachesTheOutputBlockFromTheInput(Preset preset) {
        Sequential2DSpec spec = new Sequential2DSpec(new int[] {6, 5, 4, 3}, preset, 1, 7L);
        Fixture f = fixture(spec, ScalarKernels.INSTANCE, 5);
        float[] g = f.gradients();
        for (Parameters.Tensor t : f.model().parameters().tensors()) {
            boolean reachable = t.name().equals("W3_0") || t.name().startsWith("b3_");
            for (int e = 0; e < t.size() && !reachable; e++) {
                assertTrue(g[t.offset() + e] == 0f, preset + " T=1: " + t.name() + "[" + e + "] = " + g[t.offset() + e]);
            }
        }
    }

    /** Random-sparse: pruned weights start at 0, get 0 gradients and stay exactly 0 through optimizer steps. */
    @Test
    void prunedWeightsStayExactlyZeroThroughAdamAndMomentum() {
        Sequential2DSpec spec = new Sequential2DSpec(new int[] {6, 5, 4, 3}, Preset.RANDOM_SPARSE, 2, 13L);
        for (OptimizerConfig cfg : new OptimizerConfig[] {OptimizerConfig.adam(1e-2).withWeightDecay(1e-3),
                OptimizerConfig.momentum(0.1, 0.9, true).withWeightDecay(1e-3).withClipNorm(0.5)}) {
            Fixture f = fixture(spec, ScalarKernels.INSTANCE, 3);
            Parameters params = f.model().parameters();
            float[] mask = params.mask();
            float[] before = params.values().clone();
            Optimizer opt = new Optimizer(cfg, params);
            for (int step = 0; step < 3; step++) {
                f.gradients();
                opt.step(f.k());
            }
            int moved = 0;
            for (int i = 0; i < params.size(); i++) {
                if (mask[i] == 0f) {
                    assertTrue(params.values()[i] == 0f, cfg.kind() + ": pruned " + label(params, i) + " is " + params.values()[i]);
                } else if (params.values()[i] != before[i]) {
                    moved++;
                }
            }
            assertTrue(moved > params.trainableCount() * 9 / 10, cfg.kind() + ": trainable entries moved: " + moved);
        }
    }

    /** The tied layer of a RecursiveNet gets the sum over iterations: more depth, a different gradient. */
    @Test
    void recursiveDepthChangesTheTiedGradient() {
        float[] d1 = sharedGradient(1);
        float[] d3 = sharedGradient(3);
        assertNotEquals(Arrays.toString(d1), Arrays.toString(d3));
    }

    private static float[] sharedGradient(int depth) {
        Fixture f = fixture(new RecursiveSpec(6, 5, depth, 3), ScalarKernels.INSTANCE, 21);
        float[] g = f.gradients();
        Parameters.Tensor t = f.model().parameters().tensor("shared.W");
        return Arrays.copyOfRange(g, t.offset(), t.offset() + t.size());
    }

    static String label(Parameters params, int i) {
        for (Parameters.Tensor t : params.tensors()) {
            if (i >= t.offset() && i < t.offset() + t.size()) {
                return t.name() + "[" + (i - t.offset()) + "]";
            }
        }
        return "#" + i;
    }
}
