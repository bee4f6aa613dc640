package dev.spacetime.bench.mnist;

import java.util.List;

/** Median and range of a sample of timings. */
public final class Stats {

    private Stats() {
    }

    /** The middle value, or the mean of the two middle values for an even count; NaN when empty. */
    public static double median(List<Double> xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = s.length / 2;
        return s.length % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
    }

    public static double min(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    public static double max(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
