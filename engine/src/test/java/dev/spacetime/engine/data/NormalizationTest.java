package dev.spacetime.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NormalizationTest {

    @Test
    void pixelScaleDividesBy255() {
        Normalization n = Normalization.pixelScale(3, 255f);
        assertEquals("x/255", n.describe());
        assertEquals(Normalization.PIXEL, n.kind());
        float[] out = new float[3];
        n.apply(new float[] {0, 255, 51}, 0, out, 0);
        assertArrayEquals(new float[] {0, 1, 0.2f}, out, 1e-6f);
    }

    @Test
    void zScoreUsesTrainStatisticsOnly() {
        // feature 0: 1,2,3,4 -> mean 2.5, population std sqrt(1.25); feature 1 constant 7 -> std 0 -> scale 1.
        Dataset train = new Dataset("train", new float[] {1, 7, 2, 7, 3, 7, 4, 7}, new int[4], 4, 2, 1, 0, 0);
        Dataset test = new Dataset("test", new float[] {100, 0, 200, 1}, new int[2], 2, 2, 1, 0, 0);
        Normalization z = Normalization.zScore(train);
        assertEquals("z-score (train stats)", z.describe());
        assertArrayEquals(new float[] {2.5f, 7f}, z.offset(), 1e-6f);
        assertArrayEquals(new float[] {(float) (1 / Math.sqrt(1.25)), 1f}, z.scale(), 1e-6f);

        Dataset t = z.apply(test);
        assertEquals((100 - 2.5f) / (float) Math.sqrt(1.25), t.x()[0], 1e-4f);
        assertEquals(-7f, t.x()[1], 1e-6f);

        Dataset tr = z.apply(train);
        double mean = 0;
        double sq = 0;
        for (int i = 0; i < 4; i++) {
            mean += tr.x()[2 * i];
            sq += tr.x()[2 * i] * tr.x()[2 * i];
            assertEquals(0f, tr.x()[2 * i + 1], 0f);
        }
        assertEquals(0, mean / 4, 1e-6);
        assertEquals(1, sq / 4, 1e-5);
    }

    @Test
    void recordValidatesArrays() {
        assertThrows(IllegalArgumentException.class, () -> new Normalization("x", new float[2], new float[3]));
        assertThrows(IllegalArgumentException.class, () -> new Normalization("x", new float[1], new float[] {0}));
        assertThrows(IllegalArgumentException.class, () -> Normalization.pixelScale(3, 0));
        Dataset wrong = new Dataset("w", new float[3], new int[1], 1, 3, 1, 0, 0);
        assertThrows(IllegalArgumentException.class, () -> Normalization.pixelScale(2, 255).apply(wrong));
    }
}
