package dev.spacetime.bench.jmh;

import dev.spacetime.engine.kernel.Activation;
import dev.spacetime.engine.kernel.Kernels;
import java.util.Locale;

/**
 * Every GEMM of one training step of standard-medium (784-128-64-10, ReLU) at batch 64, as {@code Dense} issues
 * them. m × n output, k reduced; FLOPs = 2·m·n·k (the bias and activation of the forward calls are not counted).
 *
 * <pre>
 *   FWD1  y1 = relu(x[64×784]·W1[784×128] + b1)      gemmBiasAct  m=64  n=128 k=784
 *   FWD2  y2 = relu(y1[64×128]·W2[128×64] + b2)      gemmBiasAct  m=64  n=64  k=128
 *   FWD3  z  = y2[64×64]·W3[64×10] + b3              gemmBiasAct  m=64  n=10  k=64
 *   DW3   dW3 = y2ᵀ·dz3  (y2 stored 64×64)           gemm transA  m=64  n=10  k=64
 *   DX3   dy2 = dz3[64×10]·W3ᵀ[10×64]                gemm         m=64  n=64  k=10
 *   DW2   dW2 = y1ᵀ·dz2  (y1 stored 64×128)          gemm transA  m=128 n=64  k=64
 *   DX2   dy1 = dz2[64×64]·W2ᵀ[64×128]               gemm         m=64  n=128 k=64
 *   DW1   dW1 = xᵀ·dz1   (x stored 64×784)           gemm transA  m=784 n=128 k=64
 * </pre>
 * There is no DX1: nothing needs the gradient of the input.
 */
public enum GemmShape {
    FWD1(Op.FORWARD, 64, 128, 784, Activation.RELU),
    FWD2(Op.FORWARD, 64, 64, 128, Activation.RELU),
    FWD3(Op.FORWARD, 64, 10, 64, Activation.IDENTITY),
    DW3(Op.WEIGHT_GRAD, 64, 10, 64, Activation.IDENTITY),
    DX3(Op.INPUT_GRAD, 64, 64, 10, Activation.IDENTITY),
    DW2(Op.WEIGHT_GRAD, 128, 64, 64, Activation.IDENTITY),
    DX2(Op.INPUT_GRAD, 64, 128, 64, Activation.IDENTITY),
    DW1(Op.WEIGHT_GRAD, 784, 128, 64, Activation.IDENTITY);

    /** Which kernel call: the fused forward, a weight gradient (Aᵀ·B, A stored k×m) or an input gradient (A·B). */
    public enum Op { FORWARD, WEIGHT_GRAD, INPUT_GRAD }

    public final Op op;
    public final int m;
    public final int n;
    public final int k;
    public final Activation act;

    GemmShape(Op op, int m, int n, int k, Activation act) {
        this.op = op;
        this.m = m;
        this.n = n;
        this.k = k;
        this.act = act;
    }

    public long flops() {
        return 2L * m * n * k;
    }

    /** Leading dimension of A as stored: k for A[m×k], m for the transposed operand stored k×m. */
    public int lda() {
        return op == Op.WEIGHT_GRAD ? m : k;
    }

    /** E.g. {@code fwd1 gemmBiasAct 64×128×784} (m×n×k). */
    public String describe() {
        String call = switch (op) {
            case FORWARD -> "gemmBiasAct";
            case WEIGHT_GRAD -> "gemm(transA)";
            case INPUT_GRAD -> "gemm";
        };
        return String.format(Locale.ROOT, "%s %s %d×%d×%d", name().toLowerCase(Locale.ROOT), call, m, n, k);
    }

    /** One call of the kernel under test: C (overwritten) from A, B and, for the forward, the bias. */
    public void run(Kernels kernels, float[] a, float[] b, float[] bias, float[] c) {
        switch (op) {
            case FORWARD -> kernels.gemmBiasAct(m, n, k, a, 0, k, b, 0, n, bias, 0, c, 0, n, act);
            case WEIGHT_GRAD -> kernels.gemm(true, m, n, k, a, 0, m, b, 0, n, c, 0, n, false);
            case INPUT_GRAD -> kernels.gemm(false, m, n, k, a, 0, k, b, 0, n, c, 0, n, false);
        }
    }

    /**
     * The straightforward reference: a triple loop accumulated in double, then the bias and activation of the
     * forward. Independent of the kernels' FMA-chain order, so it checks any implementation.
     */
    public double[] reference(float[] a, float[] b, float[] bias) {
        double[] c = new double[m * n];
        boolean transA = op == Op.WEIGHT_GRAD;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = op == Op.FORWARD ? bias[j] : 0.0;
                for (int p = 0; p < k; p++) {
                    float aip = transA ? a[p * m + i] : a[i * k + p];
                    s += (double) aip * b[p * n + j];
                }
                c[i * n + j] = op == Op.FORWARD ? act.apply((float) s) : s;
            }
        }
        return c;
    }

    /**
     * Throws unless every element of {@code c} is within float rounding of the reference: |c − ref| ≤
     * γ(k+1)·Σ_p |a·b| with γ(j) = j·u/(1 − j·u), u = 2⁻²⁴: the worst-case error bound of a float dot product of
     * length k (+1 for the bias). A wrong index, a dropped term or a skipped tail gives errors of the size of a
     * whole term |a·b| (≈ 0.25 on average here), far above the bound (≤ 0.01 at k = 784).
     */
    public void check(String who, float[] a, float[] b, float[] bias, float[] c) {
        double[] ref = reference(a, b, bias);
        boolean transA = op == Op.WEIGHT_GRAD;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double abs = op == Op.FORWARD ? Math.abs(bias[j]) : 0.0;
                for (int p = 0; p < k; p++) {
                    float aip = transA ? a[p * m + i] : a[i * k + p];
                    abs += Math.abs((double) aip * b[p * n + j]);
                }
                double ku = (k + 1) * 0x1p-24;
                double tol = ku / (1 - ku) * abs + 1e-30;
                double got = c[i * n + j];
                if (!(Math.abs(got - ref[i * n + j]) <= tol)) {
                    throw new IllegalStateException(String.format(Locale.ROOT,
                            "%s: %s is WRONG at C[%d,%d]: got %.9g, the double reference gives %.9g (tolerance %.3g)",
                            who, describe(), i, j, got, ref[i * n + j], tol));
                }
            }
        }
    }
}
