package dev.spacetime.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.engine.data.SplitMix64;
import org.junit.jupiter.api.Test;

/** Accuracy against double-precision references, and bit equality between the scalar and vector kernels. */
class TranscendentalsTest {

    private static float ulps(float got, double want) {
        float w = (float) want;
        return Math.abs(got - w) / Math.ulp(w);
    }

    @Test
    void expIsWithinTwoUlpsOverTheFloatRange() {
        float worst = 0;
        for (float x = -87f; x <= 88.3f; x += 0.0137f) {
            worst = Math.max(worst, ulps(Transcendentals.exp(x), Math.exp(x)));
        }
        assertTrue(worst <= 2f, "worst error " + worst + " ulp");
        assertEquals(1f, Transcendentals.exp(0f));
        assertTrue(Float.isNaN(Transcendentals.exp(Float.NaN)));
        assertTrue(Transcendentals.exp(-1000f) < 1.2e-38f && Transcendentals.exp(-1000f) >= 0f);
    }

    @Test
    void tanhAndSigmoidAreAccurateIncludingNearZero() {
        float worstTanh = 0;
        float worstSigmoid = 0;
        for (float x = -20f; x <= 20f; x += 0.00731f) {
            worstTanh = Math.max(worstTanh, Math.abs(Transcendentals.tanh(x) - (float) Math.tanh(x)));
            worstSigmoid = Math.max(worstSigmoid, Math.abs(Transcendentals.sigmoid(x) - (float) (1 / (1 + Math.exp(-x)))));
        }
        assertTrue(worstTanh <= 2e-7f, "tanh abs error " + worstTanh);
        assertTrue(worstSigmoid <= 2e-7f, "sigmoid abs error " + worstSigmoid);
        for (float x : new float[] {1e-6f, 1e-4f, 0.01f, 0.3f, 0.62f, -0.5f}) {
            assertTrue(ulps(Transcendentals.tanh(x), Math.tanh(x)) <= 3f, "tanh(" + x + ")");
        }
        assertEquals(1f, Transcendentals.tanh(100f));
        assertEquals(-1f, Transcendentals.tanh(-100f));
    }

    /** The vector kernels mirror the scalar steps, so activations and softmax give the very same bits. */
    @Test
    void vectorKernelsComputeTheSameBitsAsTheScalarReference() {
        Kernels vector = KernelProvider.get();
        assertTrue(vector.id().startsWith("vector"), vector.id());
        SplitMix64 rng = new SplitMix64(3);
        int n = 1021;
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
            z[i] = (rng.nextFloat() - 0.5f) * 60f;
        }
        for (Activation act : Activation.values()) {
            float[] a = z.clone();
            float[] b = z.clone();
            ScalarKernels.INSTANCE.biasAct(1, n, a, 0, n, null, 0, act);
            vector.biasAct(1, n, b, 0, n, null, 0, act);
            for (int i = 0; i < n; i++) {
                assertEquals(Float.floatToIntBits(a[i]), Float.floatToIntBits(b[i]), act + " at " + z[i]);
            }
        }
    }
}
