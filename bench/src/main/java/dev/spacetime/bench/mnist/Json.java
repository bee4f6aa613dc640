package dev.spacetime.bench.mnist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One-line JSON for the figures: NaN and infinities are written as null (JSON has no such numbers). */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)   // Python's json.dumps writes NaN bare
            .build();

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(sanitize(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    public static Map<String, Object> readObject(String line) {
        try {
            return MAPPER.readValue(line, new TypeReference<>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON object: " + abbreviate(line) + " (" + e.getOriginalMessage() + ")", e);
        }
    }

    private static Object sanitize(Object v) {
        if (v instanceof Double d && !Double.isFinite(d)) {
            return null;
        }
        if (v instanceof Float f && !Float.isFinite(f)) {
            return null;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, sanitize(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(sanitize(x)));
            return out;
        }
        return v;
    }

    static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
