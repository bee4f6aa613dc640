package dev.spacetime.engine.infer;

import dev.spacetime.engine.data.Normalization;
import dev.spacetime.engine.kernel.Buffers;
import dev.spacetime.engine.kernel.Kernels;
import dev.spacetime.engine.loss.LossFunction;
import dev.spacetime.engine.model.Model;

/**
 * Inference on raw inputs: applies the model's recorded normalisation, runs the forward pass and turns outputs into
 * probabilities (softmax heads) and predicted classes. Thread-safe: each thread gets its own workspace and scratch,
 * sized once; the weights are only read. Calls for many rows are processed in chunks of {@link #CHUNK}.
 */
public final class Predictor {

    public static final int CHUNK = 64;

    /** Outputs per row (probabilities for softmax heads, the activated output otherwise) and predicted classes. */
    public record Prediction(float[][] outputs, int[] classes) {
    }

    private final Model model;
    private final Normalization normalization;
    private final Kernels kernels;
    private final ThreadLocal<Scratch> scratch;

    private final class Scratch {
        final Model.Workspace ws = model.newWorkspace(CHUNK);
        final float[] x = Buffers.floats(CHUNK * model.inputSize());
    }

    public Predictor(Model model, Normalization normalization, Kernels kernels) {
        this.model = model;
        this.normalization = normalization;
        this.kernels = kernels;
        this.scratch = ThreadLocal.withInitial(Scratch::new);
    }

    public Model model() {
        return model;
    }

    public int inputSize() {
        return model.inputSize();
    }

    /** Rows of raw features (length {@link #inputSize()} each; checked). */
    public Prediction predict(float[][] rows) {
        int in = model.inputSize();
        int width = model.outputSize();
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != in) {
                throw new IllegalArgumentException("row " + r + " has " + rows[r].length + " values; the model takes " + in);
            }
        }
        Scratch s = scratch.get();
        float[][] outputs = new float[rows.length][];
        int[] classes = new int[rows.length];
        LossFunction loss = model.spec().loss();
        for (int start = 0; start < rows.length; start += CHUNK) {
            int n = Math.min(CHUNK, rows.length - start);
            for (int i = 0; i < n; i++) {
                normalization.apply(rows[start + i], 0, s.x, i * in);
            }
            float[] out = model.forward(kernels, s.ws, s.x, 0, n);
            for (int i = 0; i < n; i++) {
                classes[start + i] = loss.predict(out, i, width);
            }
            if (loss == LossFunction.SOFTMAX_CROSS_ENTROPY) {
                kernels.softmax(n, width, out, 0);
            }
            for (int i = 0; i < n; i++) {
                outputs[start + i] = java.util.Arrays.copyOfRange(out, i * width, (i + 1) * width);
            }
        }
        return new Prediction(outputs, classes);
    }
}
