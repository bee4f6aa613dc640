package dev.spacetime.grafana;

import java.util.Set;
import java.util.TreeSet;

/**
 * The sample names of a Prometheus text exposition ({@code /q/metrics}): a histogram {@code x} shows up as
 * {@code x_bucket}, {@code x_count}, {@code x_sum}, a summary as {@code x} (quantiles), {@code x_count},
 * {@code x_sum}, a counter as {@code x_total}. A dashboard uses these names, so they are what is compared.
 */
public final class MetricsText {

    private MetricsText() {
    }

    public static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < l.length() && l.charAt(end) != '{' && l.charAt(end) != ' ') {
                end++;
            }
            names.add(l.substring(0, end));
        }
        return names;
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
