package dev.spacetime.engine.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.engine.kernel.KernelProvider;
import dev.spacetime.engine.kernel.Kernels;
import dev.spacetime.engine.kernel.ScalarKernels;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Mean losses, their gradients (of the MEAN, so divided by n once), predictions and ids, on both kernels. */
@Tag("fallback")
class LossFunctionTest {

    @Test
    void meanSquaredErrorIsTheMeanAndItsGradientIsTwoDeltaOverN() {
        float[] out = {0.9f, 0.2f, 0.6f, 0.1f};
        int[] labels = {1, 0, 0, 1};
        float[] grad = new float[4];
        double loss = LossFunction.MEAN_SQUARED_ERROR.lossAndGradient(ScalarKernels.INSTANCE, out, 4, 1, labels, 0, grad);
        double expected = (0.01 + 0.04 + 0.36 + 0.81) / 4;
        assertEquals(expected, loss, 1e-6);
        for (int i = 0; i < 4; i++) {
            assertEquals(2 * (out[i] - labels[i]) / 4.0, grad[i], 1e-7, "grad[" + i + "]");
        }
        // labelOff selects the rows' labels
        double shifted = LossFunction.MEAN_SQUARED_ERROR.lossAndGradient(ScalarKernels.INSTANCE, out, 2, 1,
                new int[] {9, 9, 1, 0}, 2, grad);
        assertEquals((0.01 + 0.04) / 2, shifted, 1e-6);
    }

    @Test
    void softmaxCrossEntropyIsTheMeanOverRowsWithGradientScaledByOneOverN() {
        for (Kernels k : new Kernels[] {ScalarKernels.INSTANCE, KernelProvider.get()}) {
            float[] out = {2f, 0f, -1f, 0f, 0f, 0f};
            int[] labels = {0, 2};
            float[] grad = new float[6];
            double loss = LossFunction.SOFTMAX_CROSS_ENTROPY.lossAndGradient(k, out, 2, 3, labels, 0, grad);
            double lse = Math.log(Math.exp(2) + 1 + Math.exp(-1));
            double expected = ((lse - 2) + Math.log(3)) / 2;
            assertEquals(expected, loss, 1e-6, k.id());
            assertEquals((Math.exp(2) / Math.exp(lse) - 1) / 2, grad[0], 1e-6, k.id());
            assertEquals((1.0 / 3 - 1) / 2, grad[5], 1e-6, k.id());
            assertEquals(loss, LossFunction.SOFTMAX_CROSS_ENTROPY.loss(k, out, 2, 3, labels, 0, new float[6]), 0.0);
        }
    }

    @Test
    void predictionsTakeTheArgmaxOrTheHalfThreshold() {
        float[] logits = {0.1f, 0.7f, 0.7f, -3f, -2f, -1f};
        assertEquals(1, LossFunction.SOFTMAX_CROSS_ENTROPY.predict(logits, 0, 3), "ties go to the first");
        assertEquals(2, LossFunction.SOFTMAX_CROSS_ENTROPY.predict(logits, 1, 3));
        float[] sig = {0.51f, 0.5f, 0.49f};
        assertEquals(1, LossFunction.MEAN_SQUARED_ERROR.predict(sig, 0, 1));
        assertEquals(0, LossFunction.MEAN_SQUARED_ERROR.predict(sig, 1, 1));
        assertEquals(0, LossFunction.MEAN_SQUARED_ERROR.predict(sig, 2, 1));
    }

    @Test
    void idsRoundTrip() {
        for (LossFunction f : LossFunction.values()) {
            assertEquals(f, LossFunction.parse(f.id()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LossFunction.parse("hinge"));
        assertTrue(e.getMessage().contains("hinge"), e.getMessage());
    }
}
