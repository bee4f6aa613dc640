package dev.spacetime.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Expected values worked out by hand from s = max(0, (d + 0.5) * in/out - 0.5). */
class ResizeTest {

    private static Dataset image(int h, int w, float... pixels) {
        return new Dataset("img", pixels, new int[] {0}, 1, h * w, 1, h, w);
    }

    @Test
    void upsample2x2To4x4() {
        // Per axis in=2, out=4: s = -0.25 -> 0, 0.25, 0.75, 1.25 (i0 = i1 = 1), i.e. weights 0, .25, .75, 1 on pixel 1.
        // (PyTorch's documentation shows the same 4×4 for this input.)
        Dataset out = Resize.bilinear(image(2, 2, 1, 2, 3, 4), 4, 4);
        assertEquals(4, out.height());
        assertEquals(16, out.features());
        assertArrayEquals(new float[] {
            1.00f, 1.25f, 1.75f, 2.00f,
            1.50f, 1.75f, 2.25f, 2.50f,
            2.50f, 2.75f, 3.25f, 3.50f,
            3.00f, 3.25f, 3.75f, 4.00f}, out.x(), 1e-6f);
    }

    @Test
    void downsampleAveragesNeighbours() {
        // in=4, out=2: s = (0.5)*2-0.5 = 0.5 and 2.5, the midpoints of pixels (0,1) and (2,3).
        Dataset out = Resize.bilinear(image(1, 4, 0, 10, 20, 40), 1, 2);
        assertArrayEquals(new float[] {5, 30}, out.x(), 1e-6f);
    }

    @Test
    void nonIntegerScaleClampsAtBothEnds() {
        // in=2, out=3: s = -1/6 -> 0 (clamped), 0.5, 7/6 (i0 = i1 = 1, so the last pixel).
        Dataset out = Resize.bilinear(image(1, 2, 0, 10), 1, 3);
        assertArrayEquals(new float[] {0, 5, 10}, out.x(), 1e-5f);
    }

    @Test
    void constantImageStaysConstantAt28To50AndLabelsFollow() {
        float[] px = new float[2 * 784];
        java.util.Arrays.fill(px, 7f);
        Dataset two = new Dataset("c", px, new int[] {3, 9}, 2, 784, 10, 28, 28);
        Dataset out = Resize.bilinear(two, 50, 50);
        assertEquals(2500, out.features());
        assertArrayEquals(new int[] {3, 9}, out.y());
        for (float v : out.x()) {
            assertEquals(7f, v, 1e-5f);
        }
    }

    @Test
    void tabularDataIsRejected() {
        Dataset tab = new Dataset("t", new float[] {1, 2}, new int[] {0}, 1, 2, 1, 0, 0);
        assertThrows(IllegalArgumentException.class, () -> Resize.bilinear(tab, 2, 2));
    }
}
