package dev.spacetime.engine.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void meanStdAndIntervalOfKnownValues() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sample variance 32/7.
        Summary s = Summary.of(2, 4, 4, 4, 5, 5, 7, 9);
        assertEquals(8, s.n());
        assertEquals(5.0, s.mean(), 1e-12);
        assertEquals(Math.sqrt(32.0 / 7.0), s.std(), 1e-12);
        double half = 2.3646 * Math.sqrt(32.0 / 7.0) / Math.sqrt(8);
        assertEquals(5 - half, s.ciLow(), 1e-9);
        assertEquals(5 + half, s.ciHigh(), 1e-9);
        assertEquals(2, s.min());
        assertEquals(9, s.max());
    }

    @Test
    void threeSeedsUseTwoDegreesOfFreedom() {
        Summary s = Summary.of(0.97, 0.98, 0.99);
        assertEquals(0.01, s.std(), 1e-12);
        assertEquals(0.98 - 4.3027 * 0.01 / Math.sqrt(3), s.ciLow(), 1e-12);
    }

    @Test
    void oneRunHasNoSpread() {
        Summary s = Summary.of(0.5);
        assertEquals(0.5, s.mean());
        assertTrue(Double.isNaN(s.std()) && Double.isNaN(s.ciLow()));
        assertEquals("0.500", s.format("%.3f"));
    }

    @Test
    void nonFiniteValuesAreLeftOut() {
        assertEquals(2, Summary.of(1, Double.NaN, 3).n());
        assertEquals(0, Summary.of().n());
    }

    @Test
    void tQuantilesMatchTablesAndTheLargeSampleLimit() {
        assertEquals(12.7062, Summary.tQuantile975(1), 1e-4);
        assertEquals(2.0423, Summary.tQuantile975(30), 1e-4);
        assertEquals(2.0211, Summary.tQuantile975(40), 2e-4);    // table value 2.0211
        assertEquals(1.9840, Summary.tQuantile975(100), 2e-4);   // table value 1.9840
        assertTrue(Summary.tQuantile975(31) < Summary.tQuantile975(30));
    }
}
