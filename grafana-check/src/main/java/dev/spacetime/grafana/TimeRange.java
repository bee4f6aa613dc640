package dev.spacetime.grafana;

import java.time.Duration;
import java.time.Instant;

/**
 * The dashboard's time picker and the interval Grafana derives from it (panel width / range): what the macros and
 * the {@code $__interval} variables expand to.
 */
public record TimeRange(Instant from, Instant to, Duration interval) {

    public TimeRange {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("time range from " + from + " is not before to " + to);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval " + interval + " must be positive");
        }
    }

    /** {@code $__interval}: Grafana's short form (30s, 5m, 1h; milliseconds when below a second). */
    public String intervalText() {
        long ms = interval.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
