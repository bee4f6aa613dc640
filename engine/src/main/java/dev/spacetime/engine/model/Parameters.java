package dev.spacetime.engine.model;

import dev.spacetime.engine.kernel.Buffers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * All trainable tensors of a model in one contiguous buffer, with a gradient buffer of the same layout (llm.c's
 * layout): optimizers, gradient clipping, checkpoints and model files all work on one flat array.
 *
 * <p>An optional 0/1 {@link #mask()} marks pruned entries of masked-sparse blocks: they stay exactly zero (their
 * gradients are masked before every update) and are not counted as parameters.
 */
public final class Parameters {

    /** A named view into the buffer; shape[0]×shape[1] row-major (biases have one dimension). */
    public record Tensor(String name, int[] shape, int offset, int size) {
    }

    private final List<Tensor> tensors;
    private final float[] values;
    private final float[] grads;
    private final float[] mask;

    private final int size;

    private Parameters(List<Tensor> tensors, int size, boolean masked) {
        this.tensors = Collections.unmodifiableList(tensors);
        this.size = size;
        this.values = Buffers.floats(size);
        this.grads = Buffers.floats(size);
        this.mask = masked ? filledOnes(size) : null;
    }

    private static float[] filledOnes(int n) {
        float[] f = Buffers.floats(n);
        java.util.Arrays.fill(f, 0, n, 1f);
        return f;
    }

    public List<Tensor> tensors() {
        return tensors;
    }

    public Tensor tensor(String name) {
        for (Tensor t : tensors) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no parameter tensor named " + name);
    }

    /** The buffer: {@link #size()} parameters followed by {@link Buffers#PAD} floats of slack. */
    public float[] values() {
        return values;
    }

    public float[] grads() {
        return grads;
    }

    /** 0/1 per entry, or null when every entry is trainable. */
    public float[] mask() {
        return mask;
    }

    /** Number of entries (the buffers are longer by {@link Buffers#PAD}). */
    public int size() {
        return size;
    }

    /** Trainable entries counted from the tensors themselves (and the mask), not from any formula. */
    public long trainableCount() {
        if (mask == null) {
            long n = 0;
            for (Tensor t : tensors) {
                n += t.size();
            }
            return n;
        }
        long n = 0;
        for (int i = 0; i < size; i++) {
            if (mask[i] != 0f) {
                n++;
            }
        }
        return n;
    }

    /** Builds the layout: tensors are appended in order and get consecutive offsets. */
    public static final class Builder {
        private final List<Tensor> tensors = new ArrayList<>();
        private int size;
        private boolean masked;

        public int add(String name, int... shape) {
            long n = 1;
            for (int d : shape) {
                if (d <= 0) {
                    throw new IllegalArgumentException("tensor " + name + " has a non-positive dimension " + d);
                }
                n *= d;
            }
            if (size + n > Integer.MAX_VALUE - 64) {
                throw new IllegalArgumentException("model too large for one float[] buffer: " + (size + n) + " parameters");
            }
            int off = size;
            tensors.add(new Tensor(name, shape.clone(), off, (int) n));
            size += (int) n;
            return off;
        }

        /** Allocates a mask (initially all ones) with the buffer. */
        public Builder masked() {
            this.masked = true;
            return this;
        }

        public Parameters build() {
            return new Parameters(new ArrayList<>(tensors), size, masked);
        }
    }
}
