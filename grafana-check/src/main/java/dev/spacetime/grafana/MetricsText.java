package dev.spacetime.grafana;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The samples of a Prometheus text exposition ({@code /q/metrics}) by sample name, each with its labels. A histogram
 * {@code x} shows up as {@code x_bucket}, {@code x_count}, {@code x_sum}, a summary as {@code x} (quantiles),
 * {@code x_count}, {@code x_sum}, a counter as {@code x_total}: a dashboard uses these names, so they are what is
 * compared.
 */
public final class MetricsText {

    private MetricsText() {
    }

    /** Sample name → the label sets of its samples. */
    public static Map<String, List<Map<String, String>>> samples(String exposition) {
        Map<String, List<Map<String, String>>> out = new TreeMap<>();
        for (String line : exposition.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < l.length() && l.charAt(end) != '{' && l.charAt(end) != ' ') {
                end++;
            }
            Map<String, String> labels = end < l.length() && l.charAt(end) == '{' ? labels(l, end + 1) : Map.of();
            out.computeIfAbsent(l.substring(0, end), k -> new ArrayList<>()).add(labels);
        }
        return out;
    }

    /** {@code a="x",b="y\"z"}: names up to '=', values quoted with backslash escapes, up to the closing brace. */
    private static Map<String, String> labels(String line, int from) {
        Map<String, String> labels = new LinkedHashMap<>();
        int i = from;
        while (i < line.length() && line.charAt(i) != '}') {
            int eq = line.indexOf('=', i);
            String name = line.substring(i, eq).strip();
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            for (; line.charAt(j) != '"'; j++) {
                char c = line.charAt(j);
                if (c == '\\') {
                    char n = line.charAt(++j);
                    value.append(n == 'n' ? '\n' : n);
                } else {
                    value.append(c);
                }
            }
            labels.put(name, value.toString());
            i = j + 1;
            if (i < line.length() && line.charAt(i) == ',') {
                i++;
            }
        }
        return labels;
    }

    /**
     * The metric family a sample name belongs to ({@code x_bucket}, {@code x_count}, {@code x_sum} → {@code x}), for
     * a message that says which family is there when the exact name is not.
     */
    public static String family(String sampleName) {
        for (String suffix : new String[] {"_bucket", "_count", "_sum", "_total", "_max"}) {
            if (sampleName.endsWith(suffix)) {
                return sampleName.substring(0, sampleName.length() - suffix.length());
            }
        }
        return sampleName;
    }
}
