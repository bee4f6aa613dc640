package dev.spacetime.engine.kernel;

import java.util.Locale;

/**
 * Element-wise activations. Every derivative is written in terms of the activation's OUTPUT y, so a layer keeps
 * only its output for the backward pass (no pre-activation buffer): relu' = [y > 0], sigmoid' = y(1-y),
 * tanh' = 1-y², softsign' = (1-|y|)².
 */
public enum Activation {
    IDENTITY, RELU, SIGMOID, TANH, SOFTSIGN;

    public static Activation parse(String name) {
        for (Activation a : values()) {
            if (a.name().equalsIgnoreCase(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "': use one of identity, relu, sigmoid, tanh, softsign");
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Scalar reference of the forward function; the vector kernels compute the same bits (see {@link Transcendentals}). */
    public float apply(float z) {
        return switch (this) {
            case IDENTITY -> z;
            case RELU -> Math.max(z, 0f);       // NaN stays NaN, as in the vector max: divergence must show
            case SIGMOID -> Transcendentals.sigmoid(z);
            case TANH -> Transcendentals.tanh(z);
            case SOFTSIGN -> z / (1f + Math.abs(z));
        };
    }

    /** dL/dz given y = apply(z) and dL/dy. */
    public float backward(float y, float dy) {
        return switch (this) {
            case IDENTITY -> dy;
            case RELU -> y <= 0f ? 0f : dy;     // NaN passes through, like the vector kernels' blend
            case SIGMOID -> dy * y * (1f - y);
            case TANH -> dy * (1f - y * y);
            case SOFTSIGN -> {
                float t = 1f - Math.abs(y);
                yield dy * t * t;
            }
        };
    }
}
