package dev.spacetime.engine.model;

import dev.spacetime.engine.kernel.Buffers;
import dev.spacetime.engine.kernel.Kernels;
import dev.spacetime.engine.layer.Dense;
import dev.spacetime.engine.loss.LossFunction;

/**
 * The same network as {@link Mlp} (same tensors, same initialisation, same model files) computed with the batch
 * across vector lanes: for nets whose layers are all narrower than a vector (XOR 2-2-1, Iris 4-8-3) a row-major
 * GEMM would fill 2–8 of 16 lanes, while here every lane holds a different row.
 *
 * <pre>
 *   xT [in × ld]  (the rows, transposed on entry; ld = batch rounded up to whole vectors)
 *   yT_l [s_l × n] = act_l(W_lᵀ · yT_{l−1} + b_l)      lane kernels, see Kernels#laneDenseForward
 *   out [n × s_L] (transposed back, so the Model contract stays row-major)
 * </pre>
 */
final class LaneMlp extends DenseStack implements FusedTrainingStep {

    /** Nets up to this width per layer take the lane path (see {@link MlpSpec#build()}). */
    static final int MAX_WIDTH = 64;

    LaneMlp(MlpSpec spec) {
        super(spec);
    }

    private final class Ws extends BatchWorkspace {
        final int ld;            // rows per lane-layout feature: maxBatch rounded up to full vectors
        final float[] xT;
        final float[][] yT;
        final float[] out;
        final float[] dA;
        final float[] dB;

        Ws(int maxBatch) {
            super(maxBatch);
            this.ld = Buffers.roundUp(maxBatch);
            xT = Buffers.floats(spec.inputSize() * ld);
            yT = new float[layers.length][];
            int widest = 0;
            for (int l = 0; l < layers.length; l++) {
                yT[l] = Buffers.floats(layers[l].out() * ld);
                widest = Math.max(widest, Math.max(layers[l].out(), layers[l].in()));
            }
            out = Buffers.floats(spec.outputSize() * maxBatch);
            dA = Buffers.floats(widest * ld);
            dB = Buffers.floats(widest * ld);
        }
    }

    @Override
    public Workspace newWorkspace(int maxBatch) {
        return new Ws(maxBatch);
    }

    @Override
    public float[] forward(Kernels k, Workspace workspace, float[] x, int xOff, int n) {
        Ws ws = (Ws) workspace;
        transposeRows(k, ws, x, xOff, n);
        float[] out = forwardLanes(k, ws, n);
        k.transpose(spec.outputSize(), n, out, 0, ws.ld, ws.out, 0, spec.outputSize());
        return ws.out;
    }

    /** The rows into lane layout: xT [in × ld]. */
    private void transposeRows(Kernels k, Ws ws, float[] x, int xOff, int n) {
        k.transpose(n, spec.inputSize(), x, xOff, spec.inputSize(), ws.xT, 0, ws.ld);
    }

    /** The forward pass in lane layout from ws.xT; returns the last layer's lane buffer [outputs × ld]. */
    private float[] forwardLanes(Kernels k, Ws ws, int n) {
        float[] p = params.values();
        int ld = ws.ld;
        float[] in = ws.xT;
        for (int l = 0; l < layers.length; l++) {
            Dense d = layers[l];
            k.laneDenseForward(d.in(), d.out(), n, in, ld, p, d.weightOffset(), d.biasOffset(), d.activation(), ws.yT[l], ld);
            in = ws.yT[l];
        }
        return in;
    }

    @Override
    public void backward(Kernels k, Workspace workspace, float[] x, int xOff, int n, float[] dOut) {
        Ws ws = (Ws) workspace;
        k.transpose(n, spec.outputSize(), dOut, 0, spec.outputSize(), ws.dA, 0, ws.ld);
        backwardFromLanes(k, ws, n);
    }

    /**
     * Forward, loss and backward without leaving lane layout: the loss gradient is written straight into the
     * lane buffer the backward pass starts from.
     */
    @Override
    public double forwardBackward(Kernels k, Workspace workspace, float[] x, int xOff, int n, int[] labels, int labelOff,
                                  boolean sameRows) {
        Ws ws = (Ws) workspace;
        if (!sameRows) {
            transposeRows(k, ws, x, xOff, n);
        }
        float[] out = forwardLanes(k, ws, n);
        int ld = ws.ld;
        double loss;
        if (spec.loss() == LossFunction.SOFTMAX_CROSS_ENTROPY) {
            loss = k.laneSoftmaxCrossEntropy(spec.outputSize(), n, out, ld, labels, labelOff, ws.dA, ld, 1f / n) / n;
        } else {
            // MSE on the single output (see LossFunction): d/dy of (1/n) Σ (y − t)² is 2(y − t)/n.
            loss = k.laneSquaredError(n, out, labels, labelOff, ws.dA, 2f / n) / n;
        }
        backwardFromLanes(k, ws, n);
        return loss;
    }

    private void backwardFromLanes(Kernels k, Ws ws, int n) {
        float[] p = params.values();
        float[] g = params.grads();
        int ld = ws.ld;
        float[] dy = ws.dA;
        for (int l = layers.length - 1; l >= 0; l--) {
            Dense d = layers[l];
            float[] in = l == 0 ? ws.xT : ws.yT[l - 1];
            float[] dx = l == 0 ? null : (dy == ws.dA ? ws.dB : ws.dA);
            k.laneDenseBackward(d.in(), d.out(), n, in, ld, ws.yT[l], ld, dy, ld, p, d.weightOffset(),
                    g, d.weightOffset(), d.biasOffset(), d.activation(), dx, ld);
            dy = dx;
        }
    }

    @Override
    public String firstNonFiniteLayer(Workspace workspace, int n) {
        Ws ws = (Ws) workspace;
        for (int l = 0; l < layers.length; l++) {
            if (Model.firstNonFinite(ws.yT[l], layers[l].out() * ws.ld) >= 0) {
                return layers[l].name();
            }
        }
        return null;
    }
}
