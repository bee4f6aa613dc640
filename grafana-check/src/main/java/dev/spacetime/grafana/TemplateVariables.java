package dev.spacetime.grafana;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Template variables replaced in a SQL query the way Grafana's frontend does for its SQL datasources
 * ({@code templateSrv.replace} with the datasource's {@code interpolateVariable}): {@code $var}, {@code ${var}},
 * {@code [[var]]} and {@code ${var:format}}. Without a format, a multi-value or include-All variable becomes a list
 * of quoted literals ({@code 'a','b'}) and a single-value variable its text with quotes doubled; "All" (no custom
 * all value) means every value of the variable. The built-ins {@code $__interval}, {@code $__interval_ms},
 * {@code $__from}, {@code $__to} come from the {@link TimeRange}; unknown names are left alone, as Grafana does.
 */
public final class TemplateVariables {

    private static final Pattern REFERENCE = Pattern.compile(
            "\\$(\\w+)|\\[\\[(\\w+?)(?::(\\w+))?]]|\\$\\{(\\w+)(?::([^}]+))?}");

    /** The values of one variable and whether Grafana formats them as a list (multi-value or include All). */
    public record Value(List<String> values, boolean list) {
    }

    private final Map<String, Value> values = new LinkedHashMap<>();

    public TemplateVariables(TimeRange range) {
        values.put("__interval", new Value(List.of(range.intervalText()), false));
        values.put("__interval_ms", new Value(List.of(Long.toString(range.interval().toMillis())), false));
        values.put("__from", new Value(List.of(Long.toString(range.from().toEpochMilli())), false));
        values.put("__to", new Value(List.of(Long.toString(range.to().toEpochMilli())), false));
    }

    /** Sets a variable to "All" (every value) or to the values selected. */
    public TemplateVariables set(Variable v, List<String> selected) {
        if (selected.isEmpty()) {
            throw new IllegalArgumentException(v + " has no values: its query returned nothing");
        }
        if (selected.size() > 1 && !v.multi() && !v.includeAll()) {
            throw new IllegalArgumentException(v + " is single-valued but got " + selected);
        }
        values.put(v.name(), new Value(List.copyOf(selected), v.multi() || v.includeAll()));
        return this;
    }

    public String replace(String text) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(4);
            String format = m.group(3) != null ? m.group(3) : m.group(5);
            Value v = values.get(name);
            m.appendReplacement(out, Matcher.quoteReplacement(v == null ? m.group() : format(v, format)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String format(Value v, String format) {
        List<String> vals = v.values();
        if (format == null) {
            return v.list() ? join(vals, TemplateVariables::sqlLiteral, ",") : vals.getFirst().replace("'", "''");
        }
        return switch (format) {
            case "csv", "raw" -> String.join(",", vals);
            case "sqlstring" -> join(vals, TemplateVariables::sqlLiteral, ",");
            case "singlequote" -> join(vals, s -> "'" + s.replace("'", "\\'") + "'", ",");
            case "doublequote" -> join(vals, s -> "\"" + s.replace("\"", "\\\"") + "\"", ",");
            case "pipe" -> String.join("|", vals);
            case "text" -> String.join(" + ", vals);
            default -> throw new IllegalArgumentException("variable format '" + format + "' is not one the SQL "
                    + "dashboards use (csv, raw, sqlstring, singlequote, doublequote, pipe, text)");
        };
    }

    private static String sqlLiteral(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static String join(List<String> vals, java.util.function.UnaryOperator<String> f, String sep) {
        return vals.stream().map(f).collect(Collectors.joining(sep));
    }
}
