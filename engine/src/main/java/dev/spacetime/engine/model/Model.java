package dev.spacetime.engine.model;

import dev.spacetime.engine.kernel.Kernels;

/**
 * A trainable network over flat float buffers. A {@link Workspace} holds the activations of one batch (sized once,
 * reused every step, so the training loop allocates nothing); it is not thread-safe, one per thread.
 *
 * <p>Protocol of a step: {@code out = forward(x)}, the loss writes dOut, {@code backward(x, dOut)} OVERWRITES the
 * gradient buffer of {@link #parameters()} (no separate zero-grad pass), then the optimizer updates the values.
 */
public interface Model {

    ModelSpec spec();

    Parameters parameters();

    default int inputSize() {
        return spec().inputSize();
    }

    default int outputSize() {
        return spec().outputSize();
    }

    /** Seeded initialisation of every tensor (and of the sparsity mask where there is one). */
    void initialize(long seed);

    Workspace newWorkspace(int maxBatch);

    /** Outputs [n × outputSize] for rows x[xOff .. xOff + n·inputSize); returns a buffer owned by {@code ws}. */
    float[] forward(Kernels k, Workspace ws, float[] x, int xOff, int n);

    /** Gradients of the loss for the last {@link #forward} on the same rows; {@code dOut} [n × outputSize] is clobbered. */
    void backward(Kernels k, Workspace ws, float[] x, int xOff, int n, float[] dOut);

    /** After a non-finite loss: the first layer (in forward order) whose output holds NaN/Inf, or null. */
    String firstNonFiniteLayer(Workspace ws, int n);

    /** Activation buffers for one batch size. */
    interface Workspace {
        int maxBatch();
    }

    /** The part every workspace shares: the batch size it was sized for. */
    abstract class BatchWorkspace implements Workspace {
        private final int maxBatch;

        protected BatchWorkspace(int maxBatch) {
            this.maxBatch = maxBatch;
        }

        @Override
        public final int maxBatch() {
            return maxBatch;
        }
    }

    /** Index of the first non-finite value in buf[0, count), or −1. */
    static int firstNonFinite(float[] buf, int count) {
        for (int i = 0; i < count; i++) {
            if (!Float.isFinite(buf[i])) {
                return i;
            }
        }
        return -1;
    }
}
