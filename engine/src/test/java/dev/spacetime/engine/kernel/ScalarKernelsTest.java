package dev.spacetime.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.engine.data.SplitMix64;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The scalar reference against independent oracles (naive double arithmetic, an explicit FMA chain, derivatives by
 * finite differences), so that "the vector kernels equal the scalar ones" means "equal to something right". Tagged
 * {@code fallback}: these are the kernels a JVM without the Vector API module runs on.
 */
@Tag("fallback")
class ScalarKernelsTest {

    private static final Kernels K = ScalarKernels.INSTANCE;

    @Test
    void gemmIsTheFmaChainOverKInOrder() {
        SplitMix64 rng = new SplitMix64(1);
        int m = 7;
        int n = 9;
        int k = 13;
        for (boolean transA : new boolean[] {false, true}) {
            int lda = (transA ? m : k) + 2;
            float[] a = KernelChecks.random(rng, 1 + (transA ? k : m) * lda, 1f);
            float[] b = KernelChecks.random(rng, k * (n + 1), 1f);
            float[] c0 = KernelChecks.random(rng, m * (n + 3), 1f);
            for (boolean accumulate : new boolean[] {false, true}) {
                float[] c = c0.clone();
                K.gemm(transA, m, n, k, a, 1, lda, b, 0, n + 1, c, 0, n + 3, accumulate);
                double worst = 0;
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        float chain = accumulate ? c0[i * (n + 3) + j] : 0f;
                        double exact = chain;
                        for (int p = 0; p < k; p++) {
                            float aip = transA ? a[1 + p * lda + i] : a[1 + i * lda + p];
                            chain = Math.fma(aip, b[p * (n + 1) + j], chain);
                            exact += (double) aip * b[p * (n + 1) + j];
                        }
                        assertEquals(chain, c[i * (n + 3) + j], "transA=" + transA + " accumulate=" + accumulate
                                + " C[" + i + "][" + j + "] is one FMA chain over k");
                        worst = Math.max(worst, Math.abs(exact - chain));
                    }
                }
                assertTrue(worst < 1e-5, "float vs double: " + worst);
                assertEquals(c0[n], c[n], "the padding of C stays untouched");
            }
        }
    }

    @Test
    void gemmBiasActSeedsTheChainWithTheBias() {
        float[] a = {1f, 2f, 3f, 4f};            // 2 × 2
        float[] b = {1f, -1f, 0.5f, 2f};         // 2 × 2
        float[] bias = {10f, -20f};
        float[] c = new float[4];
        K.gemmBiasAct(2, 2, 2, a, 0, 2, b, 0, 2, bias, 0, c, 0, 2, Activation.RELU);
        // z = [[1+1+10, -1+4-20], [3+2+10, -3+8-20]] = [[12, -17], [15, -15]] → relu
        assertEquals(12f, c[0]);
        assertEquals(0f, c[1]);
        assertEquals(15f, c[2]);
        assertEquals(0f, c[3]);
    }

    @Test
    void softmaxCrossEntropyMatchesTheDoubleFormula() {
        SplitMix64 rng = new SplitMix64(2);
        int m = 6;
        int n = 10;
        float[] z = KernelChecks.random(rng, m * n, 6f);
        z[3] = 90f;                     // exp(90) overflows float: only max-shifting keeps this finite
        int[] labels = {0, 9, 5, 0, 9, 3};
        float[] grad = new float[m * n];
        double loss = K.softmaxCrossEntropy(m, n, z, 0, labels, 0, grad, 0, 0.5f);
        double expected = 0;
        for (int i = 0; i < m; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                max = Math.max(max, z[i * n + j]);
            }
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += Math.exp(z[i * n + j] - max);
            }
            expected += Math.log(sum) + max - z[i * n + labels[i]];
            double rowSum = 0;
            for (int j = 0; j < n; j++) {
                double p = Math.exp(z[i * n + j] - max) / sum;
                assertEquals((p - (j == labels[i] ? 1 : 0)) * 0.5, grad[i * n + j], 1e-6, "grad[" + i + "][" + j + "]");
                rowSum += grad[i * n + j];
            }
            assertEquals(0, rowSum, 1e-6, "softmax − one-hot sums to 0 in row " + i);
        }
        assertEquals(expected, loss, 1e-5 * expected, "sum of the rows' losses");
    }

    @Test
    void softmaxRowsSumToOneAndKeepOrder() {
        float[] z = {1f, 2f, 3f, 1000f, 1000f, -1000f};
        K.softmax(2, 3, z, 0);
        assertEquals(1.0, z[0] + z[1] + z[2], 1e-6);
        assertTrue(z[0] < z[1] && z[1] < z[2]);
        assertEquals(0.5f, z[3], 1e-6f);
        assertEquals(0.5f, z[4], 1e-6f);
        assertEquals(0f, z[5]);
    }

    /** Activation.backward(y, dy) is dL/dz given y = apply(z): checked against a central difference of apply. */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void activationDerivativesMatchFiniteDifferences(Activation act) {
        for (float z = -3.95f; z < 4f; z += 0.1f) {
            if (act == Activation.RELU && Math.abs(z) < 0.05f) {
                continue;
            }
            double h = 1e-3;
            double numeric = (act.apply((float) (z + h)) - (double) act.apply((float) (z - h)))
                    / ((double) (float) (z + h) - (float) (z - h));
            float analytic = act.backward(act.apply(z), 1f);
            assertEquals(numeric, analytic, 2e-3 + 2e-3 * Math.abs(numeric), act + " at z=" + z);
            assertEquals(2.5f * analytic, act.backward(act.apply(z), 2.5f), 1e-6, "linear in dy");
        }
    }

    @Test
    void activationsParseByIdAndNameTheBadValue() {
        for (Activation a : Activation.values()) {
            assertEquals(a, Activation.parse(a.id()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activation.parse("gelu"));
        assertTrue(e.getMessage().contains("'gelu'"), e.getMessage());
    }

    @Test
    void optimizerKernelsFollowTheirFormulas() {
        float[] w = {1f, -2f, 3f};
        float[] g = {0.5f, 0.5f, -1f};
        K.sgdStep(w, g, 1, 2, 0.1f, 0f);
        assertEquals(1f, w[0], "before off");
        assertEquals(-2.05f, w[1], 1e-7);
        assertEquals(3.1f, w[2], 1e-7);
        float[] x = {3f, 4f, 12f};
        assertEquals(169.0, K.sumOfSquares(x, 0, 3));
        assertEquals(160.0, K.sumOfSquares(x, 1, 2));
    }

    /**
     * ReLU must propagate NaN, as the Vector API kernels ({@code z.max(0)}) and PyTorch do: otherwise a NaN weight
     * feeding a ReLU layer is silently turned into 0 on the scalar fallback, the loss stays finite and training
     * carries NaN weights without ever raising {@code TrainingDivergedException}.
     *
     * <p>FAILS on the current main code: {@link Activation#apply} computes {@code z > 0f ? z : 0f}, which maps NaN
     * to 0 (see the engine-tests bug note).
     */
    @Test
    void reluPropagatesNaNLikeTheVectorKernels() {
        float[] c = {Float.NaN, -1f, 2f};
        K.biasAct(1, 3, c, 0, 3, null, 0, Activation.RELU);
        assertTrue(Float.isNaN(c[0]), "relu(NaN) = " + c[0]);
        assertEquals(0f, c[1]);
        assertEquals(2f, c[2]);
        assertTrue(Float.isNaN(Activation.RELU.apply(Float.NaN)), "Activation.RELU.apply(NaN)");
    }
}
