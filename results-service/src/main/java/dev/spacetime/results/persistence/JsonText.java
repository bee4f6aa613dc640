package dev.spacetime.results.persistence;

import java.util.Map;

/**
 * The flat JSON objects of the ingest (an event's metrics and attributes, a result's metrics, a model's architecture),
 * written straight into a reused buffer for PostgreSQL to parse into jsonb. Jackson's map serialiser looked up a
 * serialiser per value and was a tenth of the ingest's own CPU. Numbers as {@link Double#toString} writes them (as
 * Jackson does), a non-finite one as a string ("NaN", as Jackson's default); strings escaped as JSON requires.
 */
final class JsonText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    /** {@code m} as a JSON object; {@code buffer} is cleared and reused (one per batch, not one per row). */
    static String object(Map<String, ?> m, StringBuilder buffer) {
        buffer.setLength(0);
        buffer.append('{');
        boolean first = true;
        for (Map.Entry<String, ?> e : m.entrySet()) {
            if (!first) {
                buffer.append(',');
            }
            first = false;
            string(e.getKey(), buffer);
            buffer.append(':');
            value(e.getValue(), buffer);
        }
        return buffer.append('}').toString();
    }

    static String object(Map<String, ?> m) {
        return m == null ? null : object(m, new StringBuilder(128));
    }

    private static void value(Object v, StringBuilder out) {
        switch (v) {
            case null -> out.append("null");
            case Double d when !Double.isFinite(d) -> string(d.toString(), out);
            case Float f when !Float.isFinite(f) -> string(f.toString(), out);
            case Number n -> out.append(n);
            case Boolean b -> out.append(b);
            default -> string(v.toString(), out);
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        out.append("\\u00").append(HEX[ch >> 4]).append(HEX[ch & 0xF]);
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        out.append('"');
    }
}
