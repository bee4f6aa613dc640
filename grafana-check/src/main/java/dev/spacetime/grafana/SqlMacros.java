package dev.spacetime.grafana;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The macros of Grafana's PostgreSQL datasource, expanded as its backend does ({@code macros.go} of
 * {@code grafana-postgresql-datasource}): the same pattern ({@code $name(args)}, arguments up to the first closing
 * parenthesis), the same SQL text, and an error for an unknown macro. Template variables are replaced before this,
 * by {@link TemplateVariables}, as Grafana's frontend does before it sends the query.
 */
public final class SqlMacros {

    private static final Pattern MACRO = Pattern.compile("\\$([_a-zA-Z0-9]+)\\(([^)]*)\\)");
    private static final Pattern INTERVAL = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d|w|y)");

    private SqlMacros() {
    }

    public static String expand(String sql, TimeRange range) {
        Matcher m = MACRO.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            List<String> args = new ArrayList<>();
            for (String a : m.group(2).split(",")) {
                if (!a.isBlank()) {
                    args.add(a.trim());
                }
            }
            String name = m.group(1);
            // Grafana before 5.3 had $__timeGroup add the alias; a ',' right after the call still asks for it.
            if (name.equals("__timeGroup") && m.end() < sql.length() && sql.charAt(m.end()) == ',') {
                name = "__timeGroupAlias";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(macro(name, args, range)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String macro(String name, List<String> args, TimeRange range) {
        String from = rfc3339Nano(range.from());
        String to = rfc3339Nano(range.to());
        return switch (name) {
            case "__time" -> arg(name, args, 0) + " AS \"time\"";
            case "__timeEpoch" -> "extract(epoch from " + arg(name, args, 0) + ") as \"time\"";
            case "__timeFilter" -> arg(name, args, 0) + " BETWEEN '" + from + "' AND '" + to + "'";
            case "__timeFrom" -> "'" + from + "'";
            case "__timeTo" -> "'" + to + "'";
            case "__timeGroup" -> timeGroup(name, args);
            case "__timeGroupAlias" -> timeGroup(name, args) + " AS \"time\"";
            case "__unixEpochFilter" -> arg(name, args, 0) + " >= " + range.from().getEpochSecond() + " AND "
                    + args.get(0) + " <= " + range.to().getEpochSecond();
            case "__unixEpochNanoFilter" -> arg(name, args, 0) + " >= " + nanos(range.from()) + " AND " + args.get(0)
                    + " <= " + nanos(range.to());
            case "__unixEpochFrom" -> Long.toString(range.from().getEpochSecond());
            case "__unixEpochTo" -> Long.toString(range.to().getEpochSecond());
            case "__unixEpochNanoFrom" -> Long.toString(nanos(range.from()));
            case "__unixEpochNanoTo" -> Long.toString(nanos(range.to()));
            case "__unixEpochGroup" -> unixEpochGroup(name, args);
            case "__unixEpochGroupAlias" -> unixEpochGroup(name, args) + " AS \"time\"";
            default -> throw new IllegalArgumentException("unknown macro \"" + name + "\"");
        };
    }

    /** {@code floor(extract(epoch from col)/secs)*secs}; the optional third argument (fill) only affects the frame. */
    private static String timeGroup(String name, List<String> args) {
        if (args.size() < 2) {
            throw new IllegalArgumentException("macro $" + name + " needs time column and interval, got " + args);
        }
        String secs = seconds(args.get(1));
        return "floor(extract(epoch from " + args.get(0) + ")/" + secs + ")*" + secs;
    }

    private static String unixEpochGroup(String name, List<String> args) {
        if (args.size() < 2) {
            throw new IllegalArgumentException("macro $" + name + " needs time column and interval, got " + args);
        }
        String secs = seconds(args.get(1));
        return "floor((" + args.get(0) + ")/" + secs + ")*" + secs;
    }

    private static String arg(String name, List<String> args, int i) {
        if (args.size() <= i) {
            throw new IllegalArgumentException("macro $" + name + " needs " + (i + 1) + " argument(s), got " + args);
        }
        return args.get(i);
    }

    /** An interval such as {@code '5m'}, {@code 1h} or {@code 500ms} in seconds, formatted as Go's {@code %v}. */
    static String seconds(String interval) {
        String text = interval.replaceAll("^'+|'+$", "");
        Matcher m = INTERVAL.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("interval '" + interval + "' is not a Grafana interval like 30s, 5m, 1h");
        }
        double n = Double.parseDouble(m.group(1));
        double unit = switch (m.group(2)) {
            case "ms" -> 0.001;
            case "s" -> 1;
            case "m" -> 60;
            case "h" -> 3600;
            case "d" -> 86400;
            case "w" -> 7 * 86400;
            default -> 365 * 86400;
        };
        return goFloat(n * unit);
    }

    /** Go's {@code %v} of a float64: the shortest digits, in e-notation from 1e+06 up and below 1e-04. */
    static String goFloat(double v) {
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        int exp = d.precision() - d.scale() - 1;
        if (v != 0 && (exp < -4 || exp >= 6)) {
            return d.movePointLeft(exp).toPlainString() + "e" + (exp < 0 ? "-" : "+")
                    + String.format(Locale.ROOT, "%02d", Math.abs(exp));
        }
        return d.toPlainString();
    }

    /** Go's RFC3339Nano in UTC: seconds always, a fraction only when non-zero and without trailing zeros. */
    static String rfc3339Nano(Instant t) {
        String s = t.toString();
        return s.contains(".") ? s.replaceAll("\\.?0+Z$", "Z") : s;
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
