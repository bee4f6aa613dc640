package dev.spacetime.engine.optim;

import dev.spacetime.engine.kernel.Buffers;
import dev.spacetime.engine.kernel.Kernels;
import dev.spacetime.engine.model.Parameters;

/** Applies one update from the gradient buffer to the values of a {@link Parameters}, with its own state. */
public final class Optimizer {

    private final OptimizerConfig config;
    private final Parameters params;
    private final float[] first;    // momentum velocity, or Adam's m
    private final float[] second;   // Adam's v
    private long steps;

    public Optimizer(OptimizerConfig config, Parameters params) {
        this.config = config;
        this.params = params;
        this.first = config.kind().equals("sgd") ? null : Buffers.floats(params.size());
        this.second = config.kind().equals("adam") ? Buffers.floats(params.size()) : null;
    }

    public OptimizerConfig config() {
        return config;
    }

    /** Copies of the optimizer's state (steps taken, momentum or Adam moments), for checkpoints. */
    public record State(long steps, float[] first, float[] second) {
    }

    public State state() {
        int n = params.size();
        return new State(steps, first == null ? null : java.util.Arrays.copyOf(first, n),
                second == null ? null : java.util.Arrays.copyOf(second, n));
    }

    /** Continues from a checkpoint's state; its arrays must match this optimizer's kind and size. */
    public void restore(State s) {
        int n = params.size();
        if ((first == null) != (s.first() == null) || (second == null) != (s.second() == null)
                || (s.first() != null && s.first().length != n) || (s.second() != null && s.second().length != n)) {
            throw new IllegalArgumentException("checkpointed optimizer state does not fit a " + config.kind()
                    + " optimizer over " + n + " parameters");
        }
        steps = s.steps();
        if (first != null) {
            System.arraycopy(s.first(), 0, first, 0, n);
        }
        if (second != null) {
            System.arraycopy(s.second(), 0, second, 0, n);
        }
    }

    public long steps() {
        return steps;
    }

    /** Global gradient norm before clipping of the last step (0 when clipping is off and it was not computed). */
    private double lastNorm;

    public double lastGradientNorm() {
        return lastNorm;
    }

    /** One update at the configured learning rate. */
    public void step(Kernels k) {
        step(k, 1.0);
    }

    /** One update at {@code lrFactor} × the configured learning rate (learning-rate schedules). */
    public void step(Kernels k, double lrFactor) {
        float[] w = params.values();
        float[] g = params.grads();
        int n = params.size();
        if (config.clipNorm() > 0) {
            lastNorm = Math.sqrt(k.sumOfSquares(g, 0, n));
            if (lastNorm > config.clipNorm()) {
                k.scale(g, 0, n, (float) (config.clipNorm() / lastNorm));
            }
        }
        steps++;
        float lr = (float) (config.lr() * lrFactor);
        float wd = (float) config.weightDecay();
        switch (config.kind()) {
            case "sgd" -> k.sgdStep(w, g, 0, n, lr, wd);
            case "momentum" -> k.momentumStep(w, g, first, 0, n, lr, (float) config.momentum(), wd, config.nesterov());
            case "adam" -> {
                float bc1 = (float) (1 - Math.pow(config.beta1(), steps));
                float bc2 = (float) (1 - Math.pow(config.beta2(), steps));
                k.adamStep(w, g, first, second, 0, n, lr, (float) config.beta1(), (float) config.beta2(),
                        (float) config.eps(), bc1, bc2, wd);
            }
            default -> throw new IllegalStateException(config.kind());
        }
    }
}
