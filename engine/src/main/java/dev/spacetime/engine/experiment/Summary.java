package dev.spacetime.engine.experiment;

import java.util.Arrays;

/**
 * Mean, sample standard deviation and a two-sided 95% confidence interval of the mean (Student's t with n − 1
 * degrees of freedom) of one metric over the seeds of a configuration. With one value the spread is NaN: one run
 * says nothing about seed-to-seed variation, and the report shows that rather than a misleading ±0.
 */
public record Summary(int n, double mean, double std, double ciLow, double ciHigh, double min, double max) {

    /** t_{0.975, df} for df = 1..30; beyond, the Cornish–Fisher expansion below is accurate to 1e-4. */
    private static final double[] T975 = {
            12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
            2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
            2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423};

    public static Summary of(double... values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).toArray();
        int n = v.length;
        if (n == 0) {
            return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = Arrays.stream(v).sum() / n;
        double min = Arrays.stream(v).min().orElseThrow();
        double max = Arrays.stream(v).max().orElseThrow();
        if (n == 1) {
            return new Summary(1, mean, Double.NaN, Double.NaN, Double.NaN, min, max);
        }
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        double std = Math.sqrt(ss / (n - 1));
        double half = tQuantile975(n - 1) * std / Math.sqrt(n);
        return new Summary(n, mean, std, mean - half, mean + half, min, max);
    }

    /** The 0.975 quantile of Student's t distribution with {@code df} degrees of freedom. */
    public static double tQuantile975(int df) {
        if (df < 1) {
            throw new IllegalArgumentException("degrees of freedom " + df + " must be ≥ 1");
        }
        if (df <= T975.length) {
            return T975[df - 1];
        }
        double z = 1.959963984540054;
        double z3 = z * z * z;
        double z5 = z3 * z * z;
        return z + (z3 + z) / (4.0 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96.0 * df * df);
    }

    /** "0.9781 ± 0.0012" (mean ± std), or just the mean for a single run. */
    public String format(String pattern) {
        if (n <= 1) {
            return String.format(java.util.Locale.ROOT, pattern, mean);
        }
        return String.format(java.util.Locale.ROOT, pattern + " ± " + pattern, mean, std);
    }
}
