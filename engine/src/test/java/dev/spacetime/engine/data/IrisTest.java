package dev.spacetime.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class IrisTest {

    @Test
    void has150RowsFiftyPerClass() {
        Dataset iris = Iris.load();
        assertEquals(150, iris.n());
        assertEquals(4, iris.features());
        assertEquals(3, iris.classes());
        int[] perClass = new int[3];
        for (int c : iris.y()) {
            perClass[c]++;
        }
        assertArrayEquals(new int[] {50, 50, 50}, perClass);
    }

    @Test
    void columnSumsAreTheCorrectedData() {
        // UCI's raw file sums to 458.1 / 563.8 / 179.8 for the last three columns; the two errata fixed give these.
        double[] sums = new double[4];
        Dataset iris = Iris.load();
        float[] row = new float[4];
        for (int i = 0; i < iris.n(); i++) {
            iris.row(i, row, 0);
            for (int j = 0; j < 4; j++) {
                sums[j] += row[j];
            }
        }
        assertEquals(876.5, sums[0], 1e-3);
        assertEquals(458.6, sums[1], 1e-3);
        assertEquals(563.7, sums[2], 1e-3);
        assertEquals(179.9, sums[3], 1e-3);
    }

    @Test
    void erratumRowsHaveTheirCorrectedValues() {
        Dataset iris = Iris.load();
        float[] row = new float[4];
        iris.row(34, row, 0); // UCI row 35
        assertArrayEquals(new float[] {4.9f, 3.1f, 1.5f, 0.2f}, row);
        iris.row(37, row, 0); // UCI row 38
        assertArrayEquals(new float[] {4.9f, 3.6f, 1.4f, 0.1f}, row);
    }
}
