package dev.spacetime.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DatasetTest {

    private static Dataset three() {
        return new Dataset("d", new float[] {1, 2, 3, 4, 5, 6}, new int[] {0, 1, 2}, 3, 2, 3, 0, 0);
    }

    private static String rejected(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void compactConstructorNamesTheBadValue() {
        assertTrue(rejected(() -> new Dataset("d", new float[5], new int[3], 3, 2, 3, 0, 0)).contains("x.length=5"));
        assertTrue(rejected(() -> new Dataset("d", new float[6], new int[2], 3, 2, 3, 0, 0)).contains("y.length=2"));
        assertTrue(rejected(() -> new Dataset("d", new float[6], new int[] {0, 3, 0}, 3, 2, 3, 0, 0))
                .contains("y[1]=3"));
        assertTrue(rejected(() -> new Dataset("d", new float[6], new int[] {0, -1, 0}, 3, 2, 3, 0, 0))
                .contains("y[1]=-1"));
        assertTrue(rejected(() -> new Dataset("d", new float[12], new int[3], 3, 4, 3, 3, 2)).contains("height*width=3*2"));
        assertTrue(rejected(() -> new Dataset("d", new float[6], new int[3], 3, 2, 3, 2, 0)).contains("height=2"));
    }

    @Test
    void sliceSelectAndRowCopy() {
        Dataset d = three();
        Dataset s = d.slice(1, 3);
        assertArrayEquals(new float[] {3, 4, 5, 6}, s.x());
        assertArrayEquals(new int[] {1, 2}, s.y());

        Dataset sel = d.select(new int[] {2, 0, 2});
        assertArrayEquals(new float[] {5, 6, 1, 2, 5, 6}, sel.x());
        assertArrayEquals(new int[] {2, 0, 2}, sel.y());
        sel.x()[0] = 99;
        assertEquals(5, d.x()[4], "select copies");

        float[] dst = new float[4];
        d.row(1, dst, 2);
        assertArrayEquals(new float[] {0, 0, 3, 4}, dst);

        assertThrows(IndexOutOfBoundsException.class, () -> d.slice(2, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> d.select(new int[] {3}));
        assertThrows(IndexOutOfBoundsException.class, () -> d.row(3, dst, 0));
    }
}
