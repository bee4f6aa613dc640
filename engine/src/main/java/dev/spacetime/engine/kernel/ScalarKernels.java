package dev.spacetime.engine.kernel;

/**
 * The scalar reference: plain loops, written for clarity first. The Vector API kernels are tested against it at odd
 * sizes, and it is the fallback when {@code jdk.incubator.vector} is not available. GEMM uses {@link Math#fma} so
 * that each output element is the same FMA chain as in the vector kernels (see {@link Kernels}).
 */
public final class ScalarKernels implements Kernels {

    public static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {
    }

    @Override
    public String id() {
        return "scalar";
    }

    @Override
    public void gemm(boolean transA, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float[] c, int cOff, int ldc, boolean accumulate) {
        int ars = transA ? 1 : lda;   // A(i, p) = a[aOff + i*ars + p*acs]
        int acs = transA ? lda : 1;
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (!accumulate) {
                java.util.Arrays.fill(c, ci, ci + n, 0f);
            }
            for (int p = 0; p < k; p++) {
                float aip = a[aOff + i * ars + p * acs];
                int bp = bOff + p * ldb;
                for (int j = 0; j < n; j++) {
                    c[ci + j] = Math.fma(aip, b[bp + j], c[ci + j]);
                }
            }
        }
    }

    @Override
    public void gemmBiasAct(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float[] bias, int biasOff, float[] c, int cOff, int ldc, Activation act) {
        for (int i = 0; i < m; i++) {
            System.arraycopy(bias, biasOff, c, cOff + i * ldc, n);
        }
        gemm(false, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, true);
        biasAct(m, n, c, cOff, ldc, null, 0, act);
    }

    @Override
    public void biasAct(int m, int n, float[] c, int cOff, int ldc, float[] bias, int biasOff, Activation act) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                float z = bias == null ? c[ci + j] : c[ci + j] + bias[biasOff + j];
                c[ci + j] = act.apply(z);
            }
        }
    }

    @Override
    public void activationBackward(Activation act, float[] y, int yOff, float[] dy, int dyOff, float[] dz, int dzOff, int count) {
        for (int i = 0; i < count; i++) {
            dz[dzOff + i] = act.backward(y[yOff + i], dy[dyOff + i]);
        }
    }

    @Override
    public void columnSums(int m, int n, float[] src, int srcOff, int ld, float[] dst, int dstOff, boolean accumulate) {
        if (!accumulate) {
            java.util.Arrays.fill(dst, dstOff, dstOff + n, 0f);
        }
        for (int i = 0; i < m; i++) {
            int si = srcOff + i * ld;
            for (int j = 0; j < n; j++) {
                dst[dstOff + j] += src[si + j];
            }
        }
    }

    @Override
    public void transpose(int rows, int cols, float[] src, int srcOff, int lds, float[] dst, int dstOff, int ldd) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                dst[dstOff + c * ldd + r] = src[srcOff + r * lds + c];
            }
        }
    }

    @Override
    public double softmaxCrossEntropy(int m, int n, float[] logits, int lOff, int[] labels, int labelOff,
                                      float[] grad, int gOff, float gradScale) {
        double loss = 0;
        for (int i = 0; i < m; i++) {
            int row = lOff + i * n;
            float max = logits[row];
            for (int j = 1; j < n; j++) {
                max = Math.max(max, logits[row + j]);
            }
            float sum = 0f;
            for (int j = 0; j < n; j++) {
                float e = Transcendentals.exp(logits[row + j] - max);
                grad[gOff + i * n + j] = e;
                sum += e;
            }
            int label = labels[labelOff + i];
            loss += Math.log(sum) - (logits[row + label] - max);
            float inv = 1f / sum;
            for (int j = 0; j < n; j++) {
                grad[gOff + i * n + j] = (grad[gOff + i * n + j] * inv - (j == label ? 1f : 0f)) * gradScale;
            }
        }
        return loss;
    }

    @Override
    public void softmax(int m, int n, float[] z, int off) {
        for (int i = 0; i < m; i++) {
            int row = off + i * n;
            float max = z[row];
            for (int j = 1; j < n; j++) {
                max = Math.max(max, z[row + j]);
            }
            float sum = 0f;
            for (int j = 0; j < n; j++) {
                float e = Transcendentals.exp(z[row + j] - max);
                z[row + j] = e;
                sum += e;
            }
            float inv = 1f / sum;
            for (int j = 0; j < n; j++) {
                z[row + j] *= inv;
            }
        }
    }

    @Override
    public void laneDenseForward(int in, int out, int rows, float[] x, int ldx, float[] p, int wOff, int bOff,
                                 Activation act, float[] y, int ldy) {
        for (int j = 0; j < out; j++) {
            for (int r = 0; r < rows; r++) {
                float z = p[bOff + j];
                for (int i = 0; i < in; i++) {
                    z = Math.fma(x[i * ldx + r], p[wOff + i * out + j], z);
                }
                y[j * ldy + r] = act.apply(z);
            }
        }
    }

    @Override
    public void laneDenseBackward(int in, int out, int rows, float[] x, int ldx, float[] y, int ldy, float[] dy, int lddy,
                                  float[] p, int wOff, float[] g, int gwOff, int gbOff, Activation act, float[] dx, int lddx) {
        for (int j = 0; j < out; j++) {
            float gb = 0f;
            for (int r = 0; r < rows; r++) {
                float dz = act.backward(y[j * ldy + r], dy[j * lddy + r]);
                dy[j * lddy + r] = dz;
                gb += dz;
            }
            g[gbOff + j] = gb;
            for (int i = 0; i < in; i++) {
                float gw = 0f;
                for (int r = 0; r < rows; r++) {
                    gw = Math.fma(x[i * ldx + r], dy[j * lddy + r], gw);
                }
                g[gwOff + i * out + j] = gw;
            }
        }
        if (dx != null) {
            for (int i = 0; i < in; i++) {
                for (int r = 0; r < rows; r++) {
                    float s = 0f;
                    for (int j = 0; j < out; j++) {
                        s = Math.fma(p[wOff + i * out + j], dy[j * lddy + r], s);
                    }
                    dx[i * lddx + r] = s;
                }
            }
        }
    }

    @Override
    public double laneSoftmaxCrossEntropy(int classes, int rows, float[] z, int ldz, int[] labels, int labelOff,
                                          float[] dz, int lddz, float gradScale) {
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            float max = z[r];
            for (int c = 1; c < classes; c++) {
                max = Math.max(max, z[c * ldz + r]);
            }
            float sum = 0f;
            for (int c = 0; c < classes; c++) {
                float e = Transcendentals.exp(z[c * ldz + r] - max);
                dz[c * lddz + r] = e;
                sum += e;
            }
            int label = labels[labelOff + r];
            loss += Math.log(sum) - (z[label * ldz + r] - max);
            float inv = 1f / sum;
            for (int c = 0; c < classes; c++) {
                dz[c * lddz + r] = (dz[c * lddz + r] * inv - (c == label ? 1f : 0f)) * gradScale;
            }
        }
        return loss;
    }

    @Override
    public double laneSquaredError(int rows, float[] y, int[] labels, int labelOff, float[] dy, float gradScale) {
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            float d = y[r] - labels[labelOff + r];
            loss += (double) d * d;
            dy[r] = d * gradScale;
        }
        return loss;
    }

    @Override
    public double sumOfSquares(float[] x, int off, int count) {
        double s = 0;
        for (int i = 0; i < count; i++) {
            s += (double) x[off + i] * x[off + i];
        }
        return s;
    }

    @Override
    public void scale(float[] x, int off, int count, float s) {
        for (int i = 0; i < count; i++) {
            x[off + i] *= s;
        }
    }

    @Override
    public void multiply(float[] x, int off, float[] mask, int maskOff, int count) {
        for (int i = 0; i < count; i++) {
            x[off + i] *= mask[maskOff + i];
        }
    }

    @Override
    public void sgdStep(float[] w, float[] g, int off, int count, float lr, float weightDecay) {
        for (int i = off; i < off + count; i++) {
            float gi = weightDecay != 0f ? g[i] + w[i] * weightDecay : g[i];
            w[i] -= gi * lr;
        }
    }

    @Override
    public void momentumStep(float[] w, float[] g, float[] v, int off, int count, float lr, float momentum,
                             float weightDecay, boolean nesterov) {
        for (int i = off; i < off + count; i++) {
            float gi = g[i] + w[i] * weightDecay;
            float vi = v[i] * momentum + gi;
            v[i] = vi;
            w[i] -= (nesterov ? gi + vi * momentum : vi) * lr;
        }
    }

    @Override
    public void adamStep(float[] w, float[] g, float[] m, float[] v, int off, int count, float lr, float beta1,
                         float beta2, float eps, float bc1, float bc2, float weightDecay) {
        for (int i = off; i < off + count; i++) {
            float gi = g[i] + w[i] * weightDecay;
            float mi = m[i] * beta1 + gi * (1f - beta1);
            float vi = v[i] * beta2 + gi * gi * (1f - beta2);
            m[i] = mi;
            v[i] = vi;
            w[i] -= (mi / bc1) / ((float) Math.sqrt(vi / bc2) + eps) * lr;
        }
    }
}
