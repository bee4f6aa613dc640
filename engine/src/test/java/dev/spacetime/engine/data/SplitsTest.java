package dev.spacetime.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SplitsTest {

    /** A data set whose single feature is the row's index, so that every split row can be traced back. */
    static Dataset indexed(int n) {
        float[] x = new float[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = i % 10;
        }
        return new Dataset("indexed", x, y, n, 1, 10, 0, 0);
    }

    @Test
    void mnistSplitIs50kAnd10kDisjointAndCovering() {
        Dataset all = indexed(60_000);
        Splits.Parts p = Splits.mnistTrainValidation(all, 0);
        assertEquals(50_000, p.first().n());
        assertEquals(10_000, p.rest().n());
        boolean[] seen = new boolean[60_000];
        for (Dataset part : new Dataset[] {p.first(), p.rest()}) {
            for (int i = 0; i < part.n(); i++) {
                int original = (int) part.x()[i];
                assertFalse(seen[original], "row " + original + " is in both parts");
                seen[original] = true;
                assertEquals(original % 10, part.y()[i], "label follows its row");
            }
        }
        for (boolean s : seen) {
            assertTrue(s);
        }
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        Dataset all = indexed(1000);
        Splits.Parts a = Splits.trainValidation(all, 100, 5);
        Splits.Parts b = Splits.trainValidation(all, 100, 5);
        Splits.Parts c = Splits.trainValidation(all, 100, 6);
        assertArrayEquals(a.first().x(), b.first().x());
        assertArrayEquals(a.rest().x(), b.rest().x());
        assertFalse(Arrays.equals(a.rest().x(), c.rest().x()));
    }

    @Test
    void theSplitIsTheDocumentedPermutationCut() {
        Dataset all = indexed(10);
        Splits.Parts p = Splits.trainTest(all, 0.8, 0);
        // SplitMix64(0).permutation(10) = [4, 9, 2, 5, 1, 7, 6, 0, 3, 8]
        assertArrayEquals(new float[] {4, 9, 2, 5, 1, 7, 6, 0}, p.first().x());
        assertArrayEquals(new float[] {3, 8}, p.rest().x());
    }

    @Test
    void irisEightyTwentyIs120And30() {
        Splits.Parts p = Splits.trainTest(Iris.load(), 0.8, 0);
        assertEquals(120, p.first().n());
        assertEquals(30, p.rest().n());
    }

    @Test
    void badFractionsAndSizesAreRejected() {
        Dataset all = indexed(10);
        assertThrows(IllegalArgumentException.class, () -> Splits.trainTest(all, 1.0, 0));
        assertThrows(IllegalArgumentException.class, () -> Splits.trainTest(all, 0.01, 0));
        assertThrows(IllegalArgumentException.class, () -> Splits.trainValidation(all, 10, 0));
    }
}
