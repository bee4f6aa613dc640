package dev.spacetime.engine.layer;

import dev.spacetime.engine.data.SplitMix64;
import dev.spacetime.engine.kernel.Activation;
import dev.spacetime.engine.kernel.Kernels;
import dev.spacetime.engine.model.Parameters;

/**
 * Fully connected layer y = act(x·W + b), forward and backward side by side.
 *
 * <pre>
 *   x  [n × in]   (leading dimension ldx, so x can be a column block of a wider state)
 *   W  [in × out] row-major: one row per input, so x·W streams W row by row
 *   b  [out]
 *   y  [n × out]
 * backward, given dy [n × out]:
 *   dz = act'(y) ⊙ dy          (in place in dy; act' is written in terms of y)
 *   dW (+)= xᵀ · dz            [in × out]
 *   db (+)= Σ_rows dz          [out]
 *   dx  = dz · Wᵀ              [n × in], from a transposed copy of W so the GEMM streams rows again
 * </pre>
 */
public final class Dense {

    private final String name;
    private final int in;
    private final int out;
    private final Activation act;
    private final int wOff;
    private final int bOff;

    public Dense(Parameters.Builder params, String name, int in, int out, Activation act) {
        this.name = name;
        this.in = in;
        this.out = out;
        this.act = act;
        this.wOff = params.add(name + ".W", in, out);
        this.bOff = params.add(name + ".b", out);
    }

    public String name() {
        return name;
    }

    public int in() {
        return in;
    }

    public int out() {
        return out;
    }

    public Activation activation() {
        return act;
    }

    public int weightOffset() {
        return wOff;
    }

    public int biasOffset() {
        return bOff;
    }

    /** y[n×out] = act(x·W + b). */
    public void forward(Kernels k, float[] p, float[] x, int xOff, int ldx, float[] y, int yOff, int n) {
        k.gemmBiasAct(n, out, in, x, xOff, ldx, p, wOff, out, p, bOff, y, yOff, out, act);
    }

    /**
     * Backward through the layer. {@code dy} is overwritten with dz. Weight and bias gradients are written into
     * {@code g} (accumulated when {@code accumulate}, for tied weights). {@code dx} may be null (first layer);
     * otherwise {@code wT} must hold {@link #transposeWeights} of the current weights.
     */
    public void backward(Kernels k, float[] p, float[] g, float[] x, int xOff, int ldx, float[] y, int yOff,
                         float[] dy, int dyOff, float[] dx, int dxOff, int lddx, float[] wT, int n, boolean accumulate) {
        k.activationBackward(act, y, yOff, dy, dyOff, dy, dyOff, n * out);
        k.gemm(true, in, out, n, x, xOff, ldx, dy, dyOff, out, g, wOff, out, accumulate);
        k.columnSums(n, out, dy, dyOff, out, g, bOff, accumulate);
        if (dx != null) {
            k.gemm(false, n, in, out, dy, dyOff, out, wT, 0, in, dx, dxOff, lddx, false);
        }
    }

    /** wT[out×in] = Wᵀ. */
    public void transposeWeights(Kernels k, float[] p, float[] wT) {
        k.transpose(in, out, p, wOff, out, wT, 0, in);
    }

    /**
     * Weights uniform in ±bound, biases zero. He-uniform (bound √(6/in)) before a ReLU keeps the activation
     * variance steady through depth; Xavier-uniform (√(6/(in+out))) for sigmoid/tanh/linear outputs.
     */
    public void initialize(float[] p, SplitMix64 rng) {
        double bound = act == Activation.RELU ? Math.sqrt(6.0 / in) : Math.sqrt(6.0 / (in + out));
        uniform(p, wOff, in * out, bound, rng);
        java.util.Arrays.fill(p, bOff, bOff + out, 0f);
    }

    /** PyTorch's {@code nn.Linear} default: W and b uniform in ±1/√in. */
    public void initializeLikeTorchLinear(float[] p, SplitMix64 rng) {
        double bound = 1.0 / Math.sqrt(in);
        uniform(p, wOff, in * out, bound, rng);
        uniform(p, bOff, out, bound, rng);
    }

    static void uniform(float[] p, int off, int count, double bound, SplitMix64 rng) {
        for (int i = 0; i < count; i++) {
            p[off + i] = (float) ((rng.nextFloat() * 2.0 - 1.0) * bound);
        }
    }
}
