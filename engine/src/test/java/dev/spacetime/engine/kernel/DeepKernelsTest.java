package dev.spacetime.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.engine.data.SplitMix64;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The deep-stack vector kernels against the scalar reference, bit for bit: forward (with and without the stored
 * inputs and slopes), the backward chain and the SGD update, for the unrolled width 4 and the general widths, every
 * activation, one and several 16-row blocks.
 */
class DeepKernelsTest {

    private static DeepKernels vector;

    @BeforeAll
    static void vectorKernelsAreChosen() {
        assertTrue(KernelProvider.vectorModulePresent(), "this class runs in the surefire execution WITH the module");
        vector = DeepKernelsProvider.get();
        assertEquals("deep-vector-512", vector.id(), "this machine has AVX-512; the provider chose " + vector.id());
    }

    @ParameterizedTest(name = "w={0} ld={1} {2}")
    @CsvSource({"4,16,SOFTSIGN", "4,16,TANH", "4,16,RELU", "4,48,SOFTSIGN", "4,32,TANH", "4,32,RELU",
            "2,16,SOFTSIGN", "3,32,TANH", "5,16,RELU", "7,16,SOFTSIGN", "8,32,SOFTSIGN", "8,16,TANH",
            "13,16,RELU", "16,16,SOFTSIGN", "64,16,TANH", "64,32,SOFTSIGN"})
    void vectorEqualsScalar(int w, int ld, Activation act) {
        int layers = 37;
        float alpha = 0.3f;
        SplitMix64 rng = new SplitMix64(w * 1000L + ld);
        // large weights so the activations leave their linear range and relu meets both signs
        float[] p = random(rng, layers * DeepKernels.layerFloats(w), 0.8f);
        float[] h = random(rng, w * ld, 1f);
        float[] g = random(rng, w * ld, 1f);
        check(w, ld, act, alpha, layers, p, h, g);
    }

    static void check(int w, int ld, Activation act, float alpha, int layers, float[] p, float[] h, float[] g) {
        DeepKernels scalar = DeepKernelsScalar.INSTANCE;
        int plane = w * ld;
        float[] h1 = h.clone();
        float[] h2 = h.clone();
        scalar.forward(w, ld, act, alpha, p, 0, layers, h1, null, null);
        vector.forward(w, ld, act, alpha, p, 0, layers, h2, null, null);
        assertBits(h1, h2, "forward");

        float[] hs1 = new float[layers * plane];
        float[] es1 = new float[layers * plane];
        float[] hs2 = new float[layers * plane];
        float[] es2 = new float[layers * plane];
        h1 = h.clone();
        h2 = h.clone();
        scalar.forward(w, ld, act, alpha, p, 0, layers, h1, hs1, es1);
        vector.forward(w, ld, act, alpha, p, 0, layers, h2, hs2, es2);
        assertBits(h1, h2, "forward with stores");
        assertBits(hs1, hs2, "stored inputs");
        assertBits(es1, es2, "stored slopes");

        float[] g1 = g.clone();
        float[] g2 = g.clone();
        scalar.backward(w, ld, p, 0, layers, es1, g1);
        vector.backward(w, ld, p, 0, layers, es2, g2);
        assertBits(g1, g2, "input gradient");
        assertBits(es1, es2, "s = g ⊙ e");

        float[] p1 = p.clone();
        float[] p2 = p.clone();
        scalar.update(w, ld, 0.05f, p1, 0, layers, hs1, es1);
        vector.update(w, ld, 0.05f, p2, 0, layers, hs2, es2);
        assertBits(p1, p2, "updated parameters");
        assertTrue(!Arrays.equals(p, p1), "the update changed something");
    }

    static float[] random(SplitMix64 rng, int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (rng.nextFloat() * 2f - 1f) * scale;
        }
        return a;
    }

    static void assertBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                throw new AssertionError(what + ": element " + i + " scalar " + expected[i] + " vector " + actual[i]);
            }
        }
    }
}
