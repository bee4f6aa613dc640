package dev.spacetime.engine.loss;

import dev.spacetime.engine.kernel.Kernels;

/** How a model's outputs are scored, turned into gradients and read as predictions. */
public enum LossFunction {
    /** Outputs are logits; loss = mean over rows of −log softmax(z)[label]; fused and max-shifted in the kernel. */
    SOFTMAX_CROSS_ENTROPY,
    /**
     * Outputs are already activated (e.g. sigmoid); one output per row, target = the 0/1 label;
     * loss = (1/n) Σ (y − t)², so the gradient is 2(y − t)/n: the gradient of the MEAN loss, divided by n once.
     */
    MEAN_SQUARED_ERROR;

    public String id() {
        return this == SOFTMAX_CROSS_ENTROPY ? "softmax-cross-entropy" : "mse";
    }

    public static LossFunction parse(String id) {
        for (LossFunction f : values()) {
            if (f.id().equals(id)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown loss " + id);
    }

    /** Mean loss over n rows; writes dLoss/dOutput into grad [n × width]. */
    public double lossAndGradient(Kernels k, float[] out, int n, int width, int[] labels, int labelOff, float[] grad) {
        return switch (this) {
            case SOFTMAX_CROSS_ENTROPY -> k.softmaxCrossEntropy(n, width, out, 0, labels, labelOff, grad, 0, 1f / n) / n;
            case MEAN_SQUARED_ERROR -> {
                double sum = 0;
                float scale = 2f / n;
                for (int i = 0; i < n; i++) {
                    float d = out[i] - labels[labelOff + i];
                    sum += (double) d * d;
                    grad[i] = d * scale;
                }
                yield sum / n;
            }
        };
    }

    /** Mean loss without gradients (evaluation). */
    public double loss(Kernels k, float[] out, int n, int width, int[] labels, int labelOff, float[] scratch) {
        return lossAndGradient(k, out, n, width, labels, labelOff, scratch);
    }

    /** Predicted class of one row. */
    public int predict(float[] out, int row, int width) {
        if (this == MEAN_SQUARED_ERROR && width == 1) {
            return out[row] > 0.5f ? 1 : 0;
        }
        int off = row * width;
        int best = 0;
        for (int j = 1; j < width; j++) {
            if (out[off + j] > out[off + best]) {
                best = j;
            }
        }
        return best;
    }
}
