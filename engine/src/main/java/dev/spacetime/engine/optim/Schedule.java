package dev.spacetime.engine.optim;

import java.util.Locale;

/** Learning-rate schedule over the whole run, as a factor of the configured rate, evaluated per step. */
public enum Schedule {
    /** The configured rate throughout. */
    CONSTANT,
    /** Cosine decay from the configured rate to 0 at the last step (PyTorch's CosineAnnealingLR, one cycle, per step). */
    COSINE,
    /** Linear decay to 0 at the last step. */
    LINEAR;

    public static Schedule parse(String id) {
        for (Schedule s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown schedule '" + id + "': use constant, cosine or linear");
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Factor for step t (0-based) of total steps. */
    public double factor(long t, long total) {
        double progress = total <= 1 ? 0 : (double) t / total;
        return switch (this) {
            case CONSTANT -> 1.0;
            case COSINE -> 0.5 * (1 + Math.cos(Math.PI * progress));
            case LINEAR -> 1.0 - progress;
        };
    }
}
