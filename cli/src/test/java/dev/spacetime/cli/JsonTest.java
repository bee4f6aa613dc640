package dev.spacetime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void nonFiniteNumbersBecomeNull() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nan", Double.NaN);
        m.put("inf", Double.POSITIVE_INFINITY);
        m.put("list", List.of(1.5, Double.NaN));
        m.put("floats", new float[][] {{0.25f, Float.NaN}});
        m.put("n", 3);
        assertEquals("{\"nan\":null,\"inf\":null,\"list\":[1.5,null],\"floats\":[[0.25,null]],\"n\":3}", Json.line(m));
    }

    @Test
    void floatsKeepEveryBit() {
        float v = 0.1f + 0.2f;
        assertEquals("[" + v + "]", Json.line(new float[] {v}));
    }
}
