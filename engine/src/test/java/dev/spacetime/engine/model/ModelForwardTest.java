package dev.spacetime.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.engine.data.SplitMix64;
import dev.spacetime.engine.kernel.Activation;
import dev.spacetime.engine.kernel.KernelProvider;
import dev.spacetime.engine.kernel.Kernels;
import dev.spacetime.engine.kernel.ScalarKernels;
import dev.spacetime.engine.loss.LossFunction;
import dev.spacetime.engine.model.Sequential2DSpec.Preset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Forward passes against double-precision references written from the documented equations (reading the weights by
 * tensor name), so that the gradient checks, which only compare backward with forward, rest on a correct forward.
 */
class ModelForwardTest {

    private static final int N = 5;

    private static double[][] input(ModelSpec spec, float[] x) {
        double[][] rows = new double[N][spec.inputSize()];
        for (int r = 0; r < N; r++) {
            for (int c = 0; c < spec.inputSize(); c++) {
                rows[r][c] = x[spec.inputSize() + r * spec.inputSize() + c];    // rows start at xOff = one row
            }
        }
        return rows;
    }

    /** a [n × in] · W [in × out] + b, W and b read from the named tensors. */
    private static double[][] affine(double[][] a, Parameters p, String w, String b, double[][] acc) {
        Parameters.Tensor tw = p.tensor(w);
        Parameters.Tensor tb = p.tensor(b);
        int in = tw.shape()[0];
        int out = tw.shape()[1];
        double[][] z = acc == null ? new double[a.length][out] : acc;
        for (int r = 0; r < a.length; r++) {
            for (int j = 0; j < out; j++) {
                double s = p.values()[tb.offset() + j];
                for (int q = 0; q < in; q++) {
                    s += a[r][q] * p.values()[tw.offset() + q * out + j];
                }
                z[r][j] += s;
            }
        }
        return z;
    }

    private static double[][] map(double[][] z, Activation act) {
        double[][] y = new double[z.length][];
        for (int r = 0; r < z.length; r++) {
            y[r] = new double[z[r].length];
            for (int j = 0; j < z[r].length; j++) {
                y[r][j] = switch (act) {
                    case IDENTITY -> z[r][j];
                    case RELU -> Math.max(0, z[r][j]);
                    case SIGMOID -> 1 / (1 + Math.exp(-z[r][j]));
                    case TANH -> Math.tanh(z[r][j]);
                    case SOFTSIGN -> z[r][j] / (1 + Math.abs(z[r][j]));
                };
            }
        }
        return y;
    }

    static double[][] referenceMlp(MlpSpec spec, Parameters p, double[][] x) {
        double[][] a = x;
        int layers = spec.sizes().length - 1;
        for (int l = 1; l <= layers; l++) {
            a = map(affine(a, p, "dense" + l + ".W", "dense" + l + ".b", null), l == layers ? spec.output() : spec.hidden());
        }
        return a;
    }

    static double[][] referenceRecursive(RecursiveSpec spec, Parameters p, double[][] x) {
        double[][] h = map(affine(x, p, "input.W", "input.b", null), Activation.RELU);
        for (int t = 1; t <= spec.depth(); t++) {
            h = map(affine(h, p, "shared.W", "shared.b", null), Activation.RELU);
        }
        return affine(h, p, "output.W", "output.b", null);
    }

    /** The block map: S₀ = 0; Z_t(i) = Σⱼ Aⱼ·Wᵢⱼ + bᵢⱼ; S_t = relu(Z_t) for t &lt; T; output Z_T(B). */
    static double[][] referenceSequential2D(Sequential2DSpec spec, Parameters p, double[][] x) {
        int[] s = spec.blocks();
        int last = s.length - 1;
        double[][][] state = new double[s.length][][];
        for (int i = 1; i <= last; i++) {
            state[i] = new double[N][s[i]];
        }
        for (int t = 1; t <= spec.iterations(); t++) {
            double[][][] next = new double[s.length][][];
            for (int i = 1; i <= last; i++) {
                double[][] z = new double[N][s[i]];
                for (int j = 0; j <= last; j++) {
                    if (spec.hasBlock(i, j)) {
                        affine(j == 0 ? x : state[j], p, "W" + i + "_" + j, "b" + i + "_" + j, z);
                    }
                }
                next[i] = t == spec.iterations() ? z : map(z, Activation.RELU);
            }
            state = next;
        }
        return state[last];
    }

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of(new MlpSpec("t", new int[] {5, 7, 6, 3}, Activation.RELU, Activation.IDENTITY,
                        LossFunction.SOFTMAX_CROSS_ENTROPY)),
                Arguments.of(new MlpSpec("t", new int[] {9, 17, 4}, Activation.SOFTSIGN, Activation.TANH,
                        LossFunction.SOFTMAX_CROSS_ENTROPY)),
                Arguments.of(MlpSpec.xor()),
                Arguments.of(new RecursiveSpec(6, 5, 1, 3)),
                Arguments.of(new RecursiveSpec(13, 9, 4, 10)),
                Arguments.of(new Sequential2DSpec(new int[] {6, 5, 4, 3}, Preset.LAYERED, 3, 1L)),
                Arguments.of(new Sequential2DSpec(new int[] {6, 5, 4, 3}, Preset.FULL, 1, 1L)),
                Arguments.of(new Sequential2DSpec(new int[] {6, 5, 4, 3}, Preset.FULL, 4, 1L)),
                Arguments.of(new Sequential2DSpec(new int[] {17, 9, 10}, Preset.RANDOM_SPARSE, 3, 5L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void forwardMatchesTheDoubleReference(ModelSpec spec) {
        for (Kernels k : new Kernels[] {ScalarKernels.INSTANCE, KernelProvider.get()}) {
            Model model = spec.build();
            model.initialize(3);
            SplitMix64 rng = new SplitMix64(4);
            float[] p = model.parameters().values();
            for (int i = 0; i < p.length; i++) {
                if (model.parameters().mask() == null || model.parameters().mask()[i] != 0f) {
                    p[i] += (float) (rng.nextGaussian() * 0.1);     // non-zero biases
                }
            }
            float[] x = new float[(N + 1) * spec.inputSize()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rng.nextGaussian();
            }
            double[][] expected = switch (spec) {
                case MlpSpec m -> referenceMlp(m, model.parameters(), input(spec, x));
                case RecursiveSpec r -> referenceRecursive(r, model.parameters(), input(spec, x));
                case Sequential2DSpec s -> referenceSequential2D(s, model.parameters(), input(spec, x));
            };
            Model.Workspace ws = model.newWorkspace(N + 3);
            float[] out = model.forward(k, ws, x, spec.inputSize(), N);
            for (int r = 0; r < N; r++) {
                for (int j = 0; j < spec.outputSize(); j++) {
                    double e = expected[r][j];
                    assertEquals(e, out[r * spec.outputSize() + j], 2e-5 * Math.max(1, Math.abs(e)),
                            k.id() + " " + spec + " output[" + r + "][" + j + "]");
                }
            }
            assertNull(model.firstNonFiniteLayer(ws, N), "every output is finite");
        }
    }

    /** The paper's claim that the layered block map is the MLP: after B iterations its output is the MLP's. */
    @Test
    void layeredSequential2DAfterBIterationsIsTheMlp() {
        int[] sizes = {6, 5, 4, 3};
        Model seq = new Sequential2DSpec(sizes, Preset.LAYERED, sizes.length - 1, 0L).build();
        Model mlp = new MlpSpec("m", sizes, Activation.RELU, Activation.IDENTITY, LossFunction.SOFTMAX_CROSS_ENTROPY).build();
        seq.initialize(8);
        Parameters sp = seq.parameters();
        Parameters mp = mlp.parameters();
        for (int l = 1; l < sizes.length; l++) {
            copy(sp, "W" + l + "_" + (l - 1), mp, "dense" + l + ".W");
            copy(sp, "b" + l + "_" + (l - 1), mp, "dense" + l + ".b");
        }
        float[] x = new float[N * 6];
        SplitMix64 rng = new SplitMix64(9);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        Kernels k = ScalarKernels.INSTANCE;
        float[] a = seq.forward(k, seq.newWorkspace(N), x, 0, N).clone();
        float[] b = mlp.forward(k, mlp.newWorkspace(N), x, 0, N);
        // Same GEMMs, but the block map adds the bias after the product, the MLP seeds the product with it.
        for (int i = 0; i < N * 3; i++) {
            assertEquals(b[i], a[i], 1e-5f, "output " + i);
        }
    }

    /**
     * After an overflow, the divergence report names the first layer whose output is not finite. An infinite bias
     * makes that layer's outputs +∞ through any activation (a NaN would be swallowed by the scalar ReLU, see
     * {@code ScalarKernelsTest.reluPropagatesNaNLikeTheVectorKernels}).
     */
    @Test
    void firstNonFiniteLayerNamesTheLayer() {
        for (Kernels k : new Kernels[] {ScalarKernels.INSTANCE, KernelProvider.get()}) {
            assertEquals("dense2", firstNonFinite(k, new MlpSpec("m", new int[] {4, 5, 6, 3}, Activation.RELU,
                    Activation.IDENTITY, LossFunction.SOFTMAX_CROSS_ENTROPY), "dense2.b"));
            assertEquals("input", firstNonFinite(k, new RecursiveSpec(4, 5, 3, 3), "input.b"));
            assertEquals("shared (iteration 1)", firstNonFinite(k, new RecursiveSpec(4, 5, 3, 3), "shared.b"));
            assertEquals("output", firstNonFinite(k, new RecursiveSpec(4, 5, 3, 3), "output.b"));
            assertEquals("block map (iteration 1)",
                    firstNonFinite(k, new Sequential2DSpec(new int[] {4, 5, 3}, Preset.LAYERED, 3, 0L), "b2_1"));
            assertEquals("output block",
                    firstNonFinite(k, new Sequential2DSpec(new int[] {4, 5, 3}, Preset.LAYERED, 1, 0L), "b2_1"));
            assertNull(firstNonFinite(k, new Sequential2DSpec(new int[] {4, 5, 3}, Preset.LAYERED, 1, 0L), null));
        }
    }

    private static String firstNonFinite(Kernels k, ModelSpec spec, String tensor) {
        Model m = spec.build();
        m.initialize(1);
        if (tensor != null) {
            m.parameters().values()[m.parameters().tensor(tensor).offset()] = Float.POSITIVE_INFINITY;
        }
        Model.Workspace ws = m.newWorkspace(2);
        float[] x = new float[2 * spec.inputSize()];
        java.util.Arrays.fill(x, 0.5f);
        m.forward(k, ws, x, 0, 2);
        return m.firstNonFiniteLayer(ws, 2);
    }

    private static void copy(Parameters from, String fromName, Parameters to, String toName) {
        Parameters.Tensor f = from.tensor(fromName);
        Parameters.Tensor t = to.tensor(toName);
        assertArrayEquals(f.shape(), t.shape(), fromName + " vs " + toName);
        System.arraycopy(from.values(), f.offset(), to.values(), t.offset(), f.size());
    }

    @Test
    void specsRoundTripThroughTheirText() {
        ModelSpec[] specs = {
            MlpSpec.standard("medium"), MlpSpec.xor(), MlpSpec.iris(), new RecursiveSpec(784, 89, 4, 10),
            new Sequential2DSpec(new int[] {2500, 500, 200, 100, 10}, Preset.RANDOM_SPARSE, 4, 42L)
        };
        for (ModelSpec spec : specs) {
            String text = ModelSpec.toText(spec.toMap());
            ModelSpec back = ModelSpec.fromMap(ModelSpec.parseText(text));
            assertEquals(spec, back, text);
            assertEquals(spec.parameterCount(), back.parameterCount());
            assertTrue(text.startsWith("kind=" + spec.kind() + ";"), text);
        }
    }
}
