package dev.spacetime.results.page;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps data values to pixels along one axis, linearly or by log10, and picks tick values people read easily: 1, 2, 5
 * × 10^k on a linear axis, powers of ten on a log axis. The domain is widened to whole ticks.
 */
final class Scale {

    private final double lo;
    private final double hi;
    private final double step;
    private final double from;
    private final double to;
    private final boolean log;

    private Scale(double lo, double hi, double step, double from, double to, boolean log) {
        this.lo = lo;
        this.hi = hi;
        this.step = step;
        this.from = from;
        this.to = to;
        this.log = log;
    }

    /** Log10 when every value is positive and they span more than {@code 20×} (parameters, bytes); else linear. */
    static Scale auto(double min, double max, double from, double to) {
        return min > 0 && max / min > 20 ? log(min, max, from, to) : linear(min, max, from, to);
    }

    static Scale linear(double min, double max, double from, double to) {
        if (!(max > min)) {
            double pad = min == 0 ? 1 : Math.abs(min) * 0.05;
            min -= pad;
            max += pad;
        }
        double step = niceStep((max - min) / 5);
        return new Scale(Math.floor(min / step) * step, Math.ceil(max / step) * step, step, from, to, false);
    }

    /** Linear with whole-number ticks (epochs). */
    static Scale whole(double min, double max, double from, double to) {
        if (!(max > min)) {
            min -= 1;
            max += 1;
        }
        double step = Math.max(1, niceStep((max - min) / 5));
        return new Scale(Math.floor(min / step) * step, Math.ceil(max / step) * step, step, from, to, false);
    }

    static Scale log(double min, double max, double from, double to) {
        double lo = Math.floor(Math.log10(min));
        double hi = Math.max(Math.ceil(Math.log10(max)), lo + 1);
        return new Scale(lo, hi, 1, from, to, true);
    }

    double px(double v) {
        double t = ((log ? Math.log10(v) : v) - lo) / (hi - lo);
        return from + t * (to - from);
    }

    List<Double> ticks() {
        List<Double> t = new ArrayList<>();
        long n = Math.round((hi - lo) / step);
        for (long i = 0; i <= n; i++) {
            double v = lo + i * step;
            t.add(log ? Math.pow(10, v) : v);
        }
        return t;
    }

    String label(double tick) {
        if (log || Math.abs(tick) >= 1000) {
            return Html.num(tick);
        }
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        return String.format(java.util.Locale.ROOT, "%." + decimals + "f", tick);
    }

    boolean isLog() {
        return log;
    }

    private static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / p;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
    }
}
