package dev.spacetime.results.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Axis scales and the page's text helpers, without a browser. */
class ScaleTest {

    @Test
    void linearTicksAreWholeStepsOfOneTwoOrFiveCoveringTheData() {
        Scale s = Scale.linear(0.80, 0.97, 250, 10);
        List<Double> t = s.ticks();
        assertEquals(0.80, t.getFirst(), 1e-12);
        assertEquals(1.00, t.getLast(), 1e-12);
        assertEquals(5, t.size(), t.toString());          // step 0.05
        assertEquals(250, s.px(0.80), 1e-9);
        assertEquals(10, s.px(1.00), 1e-9);
        assertEquals("0.85", s.label(0.85));
    }

    @Test
    void aWideSpanOfPositiveValuesGetsALogAxisWithPowersOfTen() {
        Scale s = Scale.auto(9, 5000, 0, 400);
        assertTrue(s.isLog());
        assertEquals(List.of(1.0, 10.0, 100.0, 1000.0, 10000.0), s.ticks());
        assertEquals(100, s.px(10), 1e-9);
        assertEquals("10k", s.label(10000));
        assertFalse(Scale.auto(1000, 5000, 0, 400).isLog(), "5× is read better on a linear axis");
    }

    @Test
    void oneValueStillGetsAnAxisAroundIt() {
        Scale s = Scale.linear(0.9, 0.9, 100, 0);
        assertTrue(s.ticks().getFirst() < 0.9 && s.ticks().getLast() > 0.9, s.ticks().toString());
        Scale epochs = Scale.whole(1, 2, 0, 100);
        assertEquals(List.of(1.0, 2.0), epochs.ticks());
    }

    @Test
    void storedTextIsEscapedAndFiguresAreShort() {
        assertEquals("&lt;b a=&quot;1&quot;&gt;&amp;&#39;", Html.esc("<b a=\"1\">&'"));
        Map<String, String> query = new LinkedHashMap<>();
        query.put("sweep", "a b&c");
        query.put("model", null);
        query.put("dataset", "mnist");
        assertEquals("runs.csv?sweep=a+b%26c&amp;dataset=mnist", Html.href("runs.csv", query));
        assertEquals("78.8k", Html.num(78_802.0));
        assertEquals("1.5M", Html.num(1_500_000.0));
        assertEquals("0.9234", Html.num(0.92341));
        assertEquals("5000", Html.num(5000.0));
        assertEquals("–", Html.num((Double) null));
    }
}
