package dev.spacetime.cli;

import java.util.Locale;

/** Number formats shared by the human-readable outputs. */
final class Format {

    private Format() {
    }

    /** Accuracy in 0..1 with four decimals, or {@code n/a} when not measured (no validation split). */
    static String accuracy(double a) {
        return Double.isFinite(a) ? String.format(Locale.ROOT, "%.4f", a) : "n/a";
    }

    /** Thousands separated with commas, e.g. {@code 78,775}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String micros(double us) {
        return String.format(Locale.ROOT, "%.1f µs", us);
    }
}
