package dev.spacetime.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Deep-kernel selection in both surefire executions: the vector twin with the module (on this AVX-512 machine), the
 * scalar reference without it — and the scalar kernels then train a stack exactly like the vector ones would.
 */
@Tag("fallback")
class DeepKernelsProviderFallbackTest {

    @Test
    void theChosenKernelsFollowTheModule() {
        DeepKernels k = DeepKernelsProvider.get();
        assertSame(k, DeepKernelsProvider.get(), "chosen once per JVM");
        if (!KernelProvider.vectorModulePresent() || System.getProperty("spacetime.kernels", "auto").equals("scalar")) {
            assertSame(DeepKernelsScalar.INSTANCE, k);
        } else {
            assertEquals("deep-vector-512", k.id());
        }
        assertSame(DeepKernelsScalar.INSTANCE, DeepKernelsProvider.choose("scalar"));
    }

    @Test
    void scalarKernelsRunAStack() {
        int w = 4;
        int ld = 16;
        float[] p = new float[3 * DeepKernels.layerFloats(w)];
        java.util.Arrays.fill(p, 0.1f);
        float[] h = new float[w * ld];
        java.util.Arrays.fill(h, 0.5f);
        DeepKernelsProvider.get().forward(w, ld, Activation.SOFTSIGN, 0.5f, p, 0, 3, h, null, null);
        float[] ref = new float[w * ld];
        java.util.Arrays.fill(ref, 0.5f);
        DeepKernelsScalar.INSTANCE.forward(w, ld, Activation.SOFTSIGN, 0.5f, p, 0, 3, ref, null, null);
        assertEquals(java.util.Arrays.toString(ref), java.util.Arrays.toString(h));
    }
}
