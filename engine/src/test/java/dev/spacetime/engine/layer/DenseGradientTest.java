package dev.spacetime.engine.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.spacetime.engine.data.SplitMix64;
import dev.spacetime.engine.kernel.Activation;
import dev.spacetime.engine.kernel.KernelProvider;
import dev.spacetime.engine.kernel.Kernels;
import dev.spacetime.engine.kernel.ScalarKernels;
import dev.spacetime.engine.model.GradCheck;
import dev.spacetime.engine.model.Parameters;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Dense forward against a double-precision reference and backward (dW, db, dx) against central differences, for
 * every activation. The loss is L = Σ c ⊙ y with fixed random c, so dL/dy = c. x is a column block of a wider
 * buffer (ldx &gt; in) and dx is written with a leading dimension &gt; in, as Sequential2D uses them.
 */
class DenseGradientTest {

    private static final int N = 4;
    private static final int IN = 5;
    private static final int OUT = 6;
    private static final int LDX = IN + 3;
    private static final int X_OFF = 2;
    private static final int LDDX = IN + 2;

    /** One layer, its parameters, a batch and loss coefficients; ReLU set-ups keep every |z| away from the kink. */
    private record Setup(Dense layer, Parameters params, float[] x, float[] c, double[][] z) {
    }

    private static Setup setup(Activation act, long seed) {
        for (long s = seed; s < seed + 50; s++) {
            Parameters.Builder pb = new Parameters.Builder();
            Dense d = new Dense(pb, "d", IN, OUT, act);
            Parameters p = pb.build();
            SplitMix64 rng = new SplitMix64(s);
            d.initialize(p.values(), rng);
            for (int j = 0; j < OUT; j++) {
                p.values()[d.biasOffset() + j] = (float) (rng.nextGaussian() * 0.5);   // init leaves biases at 0
            }
            float[] x = new float[X_OFF + N * LDX];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rng.nextGaussian();
            }
            float[] c = new float[N * OUT];
            for (int i = 0; i < c.length; i++) {
                c[i] = (float) rng.nextGaussian();
            }
            double[][] z = preActivations(d, p.values(), x);
            // A nudge of eps moves z by at most eps·max(|x|, |W|, 1): keep twice that away from 0.
            double margin = 2 * GradCheck.EPS * Math.max(1, maxAbs(x) + maxAbs(p.values()));
            if (act != Activation.RELU || minAbs(z) > margin) {
                return new Setup(d, p, x, c, z);
            }
        }
        throw new AssertionError("no seed without a pre-activation near the ReLU kink");
    }

    private static double[][] preActivations(Dense d, float[] p, float[] x) {
        double[][] z = new double[N][OUT];
        for (int r = 0; r < N; r++) {
            for (int j = 0; j < OUT; j++) {
                double s = p[d.biasOffset() + j];
                for (int q = 0; q < IN; q++) {
                    s += (double) x[X_OFF + r * LDX + q] * p[d.weightOffset() + q * OUT + j];
                }
                z[r][j] = s;
            }
        }
        return z;
    }

    private static double reference(Activation act, double z) {
        return switch (act) {
            case IDENTITY -> z;
            case RELU -> Math.max(0, z);
            case SIGMOID -> 1 / (1 + Math.exp(-z));
            case TANH -> Math.tanh(z);
            case SOFTSIGN -> z / (1 + Math.abs(z));
        };
    }

    private static double loss(Kernels k, Setup s) {
        float[] y = new float[N * OUT];
        s.layer().forward(k, s.params().values(), s.x(), X_OFF, LDX, y, 0, N);
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            sum += (double) s.c()[i] * y[i];
        }
        return sum;
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void forwardMatchesTheDoubleReference(Activation act) {
        Setup s = setup(act, 100 + act.ordinal());
        float[] y = new float[N * OUT];
        s.layer().forward(ScalarKernels.INSTANCE, s.params().values(), s.x(), X_OFF, LDX, y, 0, N);
        for (int r = 0; r < N; r++) {
            for (int j = 0; j < OUT; j++) {
                double expected = reference(act, s.z()[r][j]);
                assertEquals(expected, y[r * OUT + j], 1e-6 * Math.max(1, Math.abs(expected)), act + " y[" + r + "][" + j + "]");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void backwardMatchesFiniteDifferencesWithScalarKernels(Activation act) {
        checkBackward(ScalarKernels.INSTANCE, act, 200 + act.ordinal());
    }

    /** The same check on the kernels this JVM chose (the SIMD ones in the default test run). */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void backwardMatchesFiniteDifferencesWithProvidedKernels(Activation act) {
        checkBackward(KernelProvider.get(), act, 300 + act.ordinal());
    }

    private static void checkBackward(Kernels k, Activation act, long seed) {
        Setup s = setup(act, seed);
        Dense d = s.layer();
        float[] p = s.params().values();
        float[] y = new float[N * OUT];
        d.forward(k, p, s.x(), X_OFF, LDX, y, 0, N);
        int size = s.params().size();
        float[] g = new float[p.length];
        java.util.Arrays.fill(g, 0, size, Float.NaN);          // backward without accumulate must overwrite
        float[] dy = s.c().clone();
        float[] wT = new float[IN * OUT];
        d.transposeWeights(k, p, wT);
        float[] dx = new float[N * LDDX];
        java.util.Arrays.fill(dx, Float.NaN);
        d.backward(k, p, g, s.x(), X_OFF, LDX, y, 0, dy, 0, dx, 0, LDDX, wT, N, false);

        DoubleSupplier lossFn = () -> loss(k, s);
        String what = k.id() + " dense(" + act.id() + ")";
        GradCheck.Report params = GradCheck.check(p, g, GradCheck.all(size), lossFn,
                i -> i < d.biasOffset() ? "W[" + i / OUT + "][" + i % OUT + "]" : "b[" + (i - d.biasOffset()) + "]", what);
        assertEquals(0, params.skipped(), "no kinks by construction: " + params);
        assertTrue(params.nonTrivial() >= size / 2, params::toString);

        // dx against differences in the input block; entries between the blocks (ldx padding) are not inputs.
        float[] dxDense = new float[s.x().length];
        int[] inputs = new int[N * IN];
        for (int r = 0; r < N; r++) {
            for (int q = 0; q < IN; q++) {
                inputs[r * IN + q] = X_OFF + r * LDX + q;
                dxDense[X_OFF + r * LDX + q] = dx[r * LDDX + q];
            }
            for (int q = IN; q < LDDX; q++) {
                if (!Float.isNaN(dx[r * LDDX + q])) {
                    fail("dx was written outside its block at row " + r + ", column " + q);
                }
            }
        }
        GradCheck.Report inputsReport = GradCheck.check(s.x(), dxDense, inputs, lossFn, i -> "x[" + i + "]", what + " dx");
        assertEquals(0, inputsReport.skipped(), inputsReport::toString);

        double ratio = GradCheck.descentRatio(p, g, lossFn);
        assertEquals(1.0, ratio, 0.05, what + ": loss decrease along −grad vs first-order prediction");
    }

    /** With accumulate, dW and db are added to what the buffer holds (tied weights sum over iterations). */
    @Test
    void accumulateAddsToExistingGradients() {
        Kernels k = ScalarKernels.INSTANCE;
        Setup s = setup(Activation.TANH, 7);
        Dense d = s.layer();
        float[] p = s.params().values();
        float[] y = new float[N * OUT];
        d.forward(k, p, s.x(), X_OFF, LDX, y, 0, N);
        float[] fresh = new float[p.length];
        d.backward(k, p, fresh, s.x(), X_OFF, LDX, y, 0, s.c().clone(), 0, null, 0, 0, null, N, false);
        float[] acc = new float[p.length];
        for (int i = 0; i < acc.length; i++) {
            acc[i] = 0.25f * (i % 7) - 0.5f;
        }
        float[] before = acc.clone();
        d.backward(k, p, acc, s.x(), X_OFF, LDX, y, 0, s.c().clone(), 0, null, 0, 0, null, N, true);
        for (int i = 0; i < acc.length; i++) {
            assertEquals(before[i] + fresh[i], acc[i], 1e-6, "entry " + i);
        }
    }

    @Test
    void dyIsOverwrittenWithDzInPlace() {
        Kernels k = ScalarKernels.INSTANCE;
        Setup s = setup(Activation.SIGMOID, 9);
        float[] p = s.params().values();
        float[] y = new float[N * OUT];
        s.layer().forward(k, p, s.x(), X_OFF, LDX, y, 0, N);
        float[] dy = s.c().clone();
        s.layer().backward(k, p, new float[p.length], s.x(), X_OFF, LDX, y, 0, dy, 0, null, 0, 0, null, N, false);
        for (int i = 0; i < dy.length; i++) {
            assertEquals(s.c()[i] * y[i] * (1 - y[i]), dy[i], 1e-6, "dz[" + i + "] = c·σ'(z)");
        }
    }

    @Test
    void initialisationBoundsFollowTheActivation() {
        for (Activation act : Activation.values()) {
            Parameters.Builder pb = new Parameters.Builder();
            Dense d = new Dense(pb, "d", 50, 30, act);
            Parameters p = pb.build();
            d.initialize(p.values(), new SplitMix64(1));
            double bound = act == Activation.RELU ? Math.sqrt(6.0 / 50) : Math.sqrt(6.0 / 80);
            double max = 0;
            for (int i = 0; i < 50 * 30; i++) {
                max = Math.max(max, Math.abs(p.values()[d.weightOffset() + i]));
            }
            assertTrue(max <= bound && max > 0.9 * bound, act + ": max |W| " + max + " vs bound " + bound);
            for (int j = 0; j < 30; j++) {
                assertEquals(0f, p.values()[d.biasOffset() + j]);
            }
        }
    }

    private static double maxAbs(float[] a) {
        double m = 0;
        for (float f : a) {
            m = Math.max(m, Math.abs(f));
        }
        return m;
    }

    private static double minAbs(double[][] z) {
        double m = Double.POSITIVE_INFINITY;
        for (double[] row : z) {
            for (double v : row) {
                m = Math.min(m, Math.abs(v));
            }
        }
        return m;
    }
}
