package dev.spacetime.engine.model;

import dev.spacetime.engine.loss.LossFunction;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The architecture of a model: everything needed to rebuild it, nothing learned. Specs validate in their compact
 * constructors, count their parameters by formula ({@link #parameterCount()}; the built model counts its tensors
 * independently and refuses to exist when the two disagree), and round-trip through a flat key=value map that
 * model files and run reports store.
 */
public sealed interface ModelSpec permits MlpSpec, RecursiveSpec, Sequential2DSpec {

    /** Family: {@code mlp}, {@code recursive} or {@code sequential2d}. */
    String kind();

    /** Display name, e.g. {@code standard-medium}, {@code recursive-d4-h89}, {@code sequential2d-layered}. */
    String name();

    int inputSize();

    int outputSize();

    /** Trainable parameters by closed formula. */
    long parameterCount();

    LossFunction loss();

    /** Ordered key=value description; {@code kind} first. */
    Map<String, String> toMap();

    Model build();

    static ModelSpec fromMap(Map<String, String> map) {
        String kind = map.get("kind");
        if (kind == null) {
            throw new IllegalArgumentException("model spec without 'kind': " + map);
        }
        return switch (kind) {
            case "mlp" -> MlpSpec.fromMap(map);
            case "recursive" -> RecursiveSpec.fromMap(map);
            case "sequential2d" -> Sequential2DSpec.fromMap(map);
            default -> throw new IllegalArgumentException("unknown model kind '" + kind + "' (mlp, recursive, sequential2d)");
        };
    }

    /** Serialises a map as {@code k=v;k=v} (keys and values never contain ';' or '='). */
    static String toText(Map<String, String> map) {
        StringBuilder sb = new StringBuilder();
        map.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ";").append(k).append('=').append(v));
        return sb.toString();
    }

    static Map<String, String> parseText(String text) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String part : text.split(";")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("malformed model spec entry '" + part + "' in '" + text + "'");
            }
            map.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return map;
    }

    static int[] parseInts(String csv) {
        String[] parts = csv.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Integer.parseInt(parts[i].trim());
        }
        return out;
    }

    static String joinInts(int[] values) {
        StringBuilder sb = new StringBuilder();
        for (int v : values) {
            sb.append(sb.isEmpty() ? "" : ",").append(v);
        }
        return sb.toString();
    }

    static String required(Map<String, String> map, String key) {
        String v = map.get(key);
        if (v == null) {
            throw new IllegalArgumentException("model spec lacks '" + key + "': " + map);
        }
        return v;
    }
}
