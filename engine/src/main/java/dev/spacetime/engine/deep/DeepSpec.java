package dev.spacetime.engine.deep;

import dev.spacetime.engine.kernel.Activation;
import dev.spacetime.engine.kernel.DeepKernels;

/**
 * The shape of a deep residual stack: {@code layers} layers h ← h + α·act(h·W + b) of width {@code width}.
 * {@code layers} may be 0 (the "head only" ablation: input projection straight into the output head).
 */
public record DeepSpec(long layers, int width, Activation activation, float alpha) {

    public static final int MIN_WIDTH = 2;
    public static final int MAX_WIDTH = 64;

    public DeepSpec {
        if (layers < 0) {
            throw new IllegalArgumentException("--layers " + layers + " must be ≥ 0");
        }
        if (width < MIN_WIDTH || width > MAX_WIDTH) {
            throw new IllegalArgumentException("--width " + width + " must be in [" + MIN_WIDTH + ", " + MAX_WIDTH + "]");
        }
        if (activation != Activation.SOFTSIGN && activation != Activation.TANH && activation != Activation.RELU) {
            throw new IllegalArgumentException("--activation " + (activation == null ? "null" : activation.id())
                    + " is not one the deep stack takes: use softsign, tanh or relu");
        }
        if (!(alpha > 0f) || !Float.isFinite(alpha)) {
            throw new IllegalArgumentException("--alpha " + alpha + " must be a finite number > 0 (default 1/√layers)");
        }
    }

    /** α = 1/√L, the default: keeps the sum of L residual updates of size α·O(1) at O(√L)·α = O(1). */
    public static float defaultAlpha(long layers) {
        return layers <= 1 ? 1f : (float) (1.0 / Math.sqrt((double) layers));
    }

    public int layerFloats() {
        return DeepKernels.layerFloats(width);
    }

    public long layerBytes() {
        return 4L * layerFloats();
    }

    /** Bytes of all layers' parameters (the data part of the weight file). */
    public long dataBytes() {
        return layers * layerBytes();
    }

    /** ≈ √L, the chunk size that minimises boundary memory (L/C states) + chunk memory (C layers): both ≈ √L. */
    public static int defaultChunkLayers(long layers) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE / 2, Math.round(Math.sqrt((double) layers))));
    }

    public String describe() {
        return String.format(java.util.Locale.ROOT, "%,d layers × width %d (%s, α = %.4g)", layers, width,
                activation.id(), alpha);
    }
}
