package dev.spacetime.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** RFC 6902 {@code add}, {@code replace} and {@code remove} (the operations deploy/k8s uses), in place. */
final class JsonPatch {

    private JsonPatch() {
    }

    static void apply(ObjectNode doc, ArrayNode ops) {
        for (JsonNode op : ops) {
            String kind = op.path("op").asText();
            List<String> path = pointer(op.path("path").asText());
            JsonNode parent = resolve(doc, path.subList(0, path.size() - 1), op);
            String last = path.getLast();
            switch (kind) {
                case "add" -> add(parent, last, op.get("value"), op);
                case "replace" -> {
                    requireExisting(parent, last, op);
                    set(parent, last, op.get("value"));
                }
                case "remove" -> {
                    requireExisting(parent, last, op);
                    if (parent instanceof ArrayNode arr) {
                        arr.remove(Integer.parseInt(last));
                    } else {
                        ((ObjectNode) parent).remove(last);
                    }
                }
                default -> throw new IllegalStateException("unsupported JSON patch op '" + kind + "': " + op);
            }
        }
    }

    /** "/a/b~1c/0" → [a, b/c, 0] (RFC 6901 escapes). */
    private static List<String> pointer(String p) {
        if (!p.startsWith("/")) {
            throw new IllegalStateException("JSON pointer must start with '/': " + p);
        }
        return java.util.Arrays.stream(p.substring(1).split("/", -1))
                .map(s -> s.replace("~1", "/").replace("~0", "~"))
                .toList();
    }

    private static JsonNode resolve(JsonNode doc, List<String> path, JsonNode op) {
        JsonNode n = doc;
        for (String seg : path) {
            n = n.isArray() ? n.path(Integer.parseInt(seg)) : n.path(seg);
            if (n.isMissingNode()) {
                throw new IllegalStateException("JSON patch path does not exist: " + op);
            }
        }
        return n;
    }

    private static void requireExisting(JsonNode parent, String key, JsonNode op) {
        JsonNode n = parent.isArray() ? parent.path(Integer.parseInt(key)) : parent.path(key);
        if (n.isMissingNode()) {
            throw new IllegalStateException("JSON patch target does not exist: " + op);
        }
    }

    private static void add(JsonNode parent, String key, JsonNode value, JsonNode op) {
        if (parent instanceof ArrayNode arr) {
            if (key.equals("-")) {
                arr.add(value);
            } else {
                arr.insert(Integer.parseInt(key), value);
            }
        } else if (parent instanceof ObjectNode obj) {
            obj.set(key, value);
        } else {
            throw new IllegalStateException("JSON patch parent is not a container: " + op);
        }
    }

    private static void set(JsonNode parent, String key, JsonNode value) {
        if (parent instanceof ArrayNode arr) {
            arr.set(Integer.parseInt(key), value);
        } else {
            ((ObjectNode) parent).set(key, value);
        }
    }
}
