package dev.spacetime.engine.kernel;

/**
 * The scalar reference of {@link DeepKernels}: plain loops over rows that spell out the contract's operation order.
 * The vector kernels are tested against it bit for bit, and it runs where the Vector API is missing.
 */
public final class DeepKernelsScalar implements DeepKernels {

    public static final DeepKernelsScalar INSTANCE = new DeepKernelsScalar();

    private DeepKernelsScalar() {
    }

    @Override
    public String id() {
        return "deep-scalar";
    }

    @Override
    public void forward(int w, int ld, Activation act, float alpha, float[] p, int pOff, int layers, float[] h,
                        float[] hs, float[] es) {
        int lf = DeepKernels.layerFloats(w);
        int plane = w * ld;
        float[] q = new float[w];
        for (int i = 0; i < layers; i++) {
            int base = pOff + i * lf;
            if (hs != null) {
                System.arraycopy(h, 0, hs, i * plane, plane);
            }
            for (int r = 0; r < ld; r++) {
                for (int k = 0; k < w; k++) {
                    // z_k = dot(h[·][r], W[·][k], b_k): x_j at h[j·ld + r], W_jk at p[base + j·w + k]
                    float z = dot(w, h, r, ld, p, base + k, w, p[base + w * w + k]);
                    q[k] = stepAndSlope(act, alpha, z, es, hs == null ? -1 : i * plane + k * ld + r);
                }
                for (int k = 0; k < w; k++) {
                    h[k * ld + r] += q[k];
                }
            }
        }
    }

    /** q = α·act(z) in the contract's order; stores e = α·act'(z) at es[eAt] when eAt ≥ 0. */
    static float stepAndSlope(Activation act, float alpha, float z, float[] es, int eAt) {
        float q;
        float e;
        switch (act) {
            case SOFTSIGN -> {
                float d = Math.abs(z) + 1f;
                q = (z * alpha) / d;
                e = alpha / (d * d);
            }
            case TANH -> {
                float y = Transcendentals.tanh(z);
                q = y * alpha;
                e = (1f - y * y) * alpha;
            }
            case RELU -> {
                q = (z <= 0f ? 0f : z) * alpha;
                e = z <= 0f ? 0f : alpha;
            }
            default -> throw new IllegalArgumentException("the deep stack takes softsign, tanh or relu, not " + act.id());
        }
        if (eAt >= 0) {
            es[eAt] = e;
        }
        return q;
    }

    /**
     * The contract's dot: x_j = x[xOff + j·xStride], W_j = wv[wOff + j·wStride], j in [0, n); four partial sums.
     */
    static float dot(int n, float[] x, int xOff, int xStride, float[] wv, int wOff, int wStride, float seed) {
        float a0 = Math.fma(x[xOff], wv[wOff], seed);
        float a1 = n > 1 ? x[xOff + xStride] * wv[wOff + wStride] : 0f;
        float a2 = n > 2 ? x[xOff + 2 * xStride] * wv[wOff + 2 * wStride] : 0f;
        float a3 = n > 3 ? x[xOff + 3 * xStride] * wv[wOff + 3 * wStride] : 0f;
        for (int j = 4; j < n; j += 4) {
            a0 = Math.fma(x[xOff + j * xStride], wv[wOff + j * wStride], a0);
            if (j + 1 < n) {
                a1 = Math.fma(x[xOff + (j + 1) * xStride], wv[wOff + (j + 1) * wStride], a1);
            }
            if (j + 2 < n) {
                a2 = Math.fma(x[xOff + (j + 2) * xStride], wv[wOff + (j + 2) * wStride], a2);
            }
            if (j + 3 < n) {
                a3 = Math.fma(x[xOff + (j + 3) * xStride], wv[wOff + (j + 3) * wStride], a3);
            }
        }
        return switch (n) {
            case 1 -> a0;
            case 2 -> a0 + a1;
            case 3 -> (a0 + a1) + a2;
            default -> (a0 + a1) + (a2 + a3);
        };
    }

    @Override
    public void backward(int w, int ld, float[] p, int pOff, int layers, float[] es, float[] g) {
        int lf = DeepKernels.layerFloats(w);
        int plane = w * ld;
        float[] next = new float[w];
        for (int i = layers - 1; i >= 0; i--) {
            int base = pOff + i * lf;
            int e0 = i * plane;
            for (int r = 0; r < ld; r++) {
                for (int k = 0; k < w; k++) {
                    es[e0 + k * ld + r] = g[k * ld + r] * es[e0 + k * ld + r];
                }
                for (int j = 0; j < w; j++) {
                    // g'_j = dot(s[·][r], W[j][·], g_j): s_k at es[e0 + k·ld + r], W_jk at p[base + j·w + k]
                    next[j] = dot(w, es, e0 + r, ld, p, base + j * w, 1, g[j * ld + r]);
                }
                for (int j = 0; j < w; j++) {
                    g[j * ld + r] = next[j];
                }
            }
        }
    }

    @Override
    public void update(int w, int ld, float lr, float[] p, int pOff, int layers, float[] hs, float[] ss) {
        int lf = DeepKernels.layerFloats(w);
        int plane = w * ld;
        for (int i = 0; i < layers; i++) {
            int base = pOff + i * lf;
            int h0 = i * plane;
            for (int j = 0; j < w; j++) {
                for (int k = 0; k < w; k++) {
                    float dw = batchDot(ld, hs, h0 + j * ld, ss, h0 + k * ld);
                    p[base + j * w + k] -= lr * dw;
                }
            }
            for (int k = 0; k < w; k++) {
                p[base + w * w + k] -= lr * batchSum(ld, ss, h0 + k * ld);
            }
        }
    }

    /** Σ_r x[r]·y[r] over ld rows in the contract's order (16 partial sums, then the butterfly). */
    public static float batchDot(int ld, float[] x, int xOff, float[] y, int yOff) {
        float[] acc = new float[BLOCK];
        for (int l = 0; l < BLOCK; l++) {
            acc[l] = x[xOff + l] * y[yOff + l];
        }
        for (int r = BLOCK; r < ld; r += BLOCK) {
            for (int l = 0; l < BLOCK; l++) {
                acc[l] = Math.fma(x[xOff + r + l], y[yOff + r + l], acc[l]);
            }
        }
        return butterfly(acc);
    }

    /** Σ_r x[r] over ld rows in the contract's order. */
    public static float batchSum(int ld, float[] x, int xOff) {
        float[] acc = new float[BLOCK];
        System.arraycopy(x, xOff, acc, 0, BLOCK);
        for (int r = BLOCK; r < ld; r += BLOCK) {
            for (int l = 0; l < BLOCK; l++) {
                acc[l] += x[xOff + r + l];
            }
        }
        return butterfly(acc);
    }

    /** Lanes summed as a 16-lane register's tree: l + (l+8), then + 4, + 2, + 1. Clobbers acc. */
    public static float butterfly(float[] acc) {
        for (int step = BLOCK / 2; step >= 1; step /= 2) {
            for (int l = 0; l < step; l++) {
                acc[l] += acc[l + step];
            }
        }
        return acc[0];
    }
}
