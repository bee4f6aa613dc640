package dev.spacetime.bench.peers;

import java.util.Locale;

/** Durations for the table: µs, ms or s with three significant digits, so 2 ms and 12 s sit in one column. */
final class Units {

    private Units() {
    }

    static String time(double seconds) {
        if (Double.isNaN(seconds)) {
            return "—";
        }
        double a = Math.abs(seconds);
        if (a < 1e-3) {
            return String.format(Locale.ROOT, "%.3g µs", seconds * 1e6);
        }
        if (a < 1) {
            return String.format(Locale.ROOT, "%.3g ms", seconds * 1e3);
        }
        return String.format(Locale.ROOT, "%.3g s", seconds);
    }

    static String micros(double us) {
        return Double.isNaN(us) ? "—" : String.format(Locale.ROOT, us < 10 ? "%.2f" : "%.1f", us);
    }
}
