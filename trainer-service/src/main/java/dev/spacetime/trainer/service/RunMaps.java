package dev.spacetime.trainer.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Run maps as JSON can carry them: the engine uses NaN for "not measured", JSON has no NaN, so those become null. */
final class RunMaps {

    private RunMaps() {
    }

    static Map<String, Object> finite(Map<String, Object> run) {
        Map<String, Object> out = new LinkedHashMap<>();
        run.forEach((k, v) -> out.put(k, clean(v)));
        return out;
    }

    private static Object clean(Object v) {
        if (v instanceof Double d) {
            return Double.isFinite(d) ? d : null;
        }
        if (v instanceof Float f) {
            return Float.isFinite(f) ? f : null;
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(x -> out.add(clean(x)));
            return out;
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, x) -> out.put(String.valueOf(k), clean(x)));
            return out;
        }
        return v;
    }
}
