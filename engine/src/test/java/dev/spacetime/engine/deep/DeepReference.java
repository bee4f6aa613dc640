package dev.spacetime.engine.deep;

import dev.spacetime.engine.kernel.Activation;
import dev.spacetime.engine.kernel.Transcendentals;

/**
 * An independent, straightforward implementation of one training step that keeps every activation of every layer
 * (rows × width arrays per layer, no chunks, no lanes, no recomputation) and returns the gradients explicitly. It
 * follows the operation order that {@code DeepKernels} and {@code DeepHead} document, so the engine must match it
 * bit for bit; and {@link #loss} in double precision gives the finite differences that check its gradients.
 */
final class DeepReference {

    final DeepSpec spec;
    final float[] layers;     // L × (w² + w)
    final DeepHead head;
    // gradients of the last step
    float[] gLayers;
    float[] gWIn;
    float[] gBIn;
    float[] gWOut;
    float[] gBOut;

    DeepReference(DeepSpec spec, float[] layers, DeepHead head) {
        this.spec = spec;
        this.layers = layers.clone();
        this.head = head.copy();
    }

    /** One SGD step on rows {@code rows} of {@code x}/{@code y}; returns the mean loss. */
    double step(byte[] x, byte[] y, int[] rows, float layerLr, float headLr) {
        int w = spec.width();
        int b = rows.length;
        int lf = spec.layerFloats();
        int nl = (int) spec.layers();
        float[][][] hs = new float[nl + 1][b][w];
        float[][][] es = new float[nl][b][w];
        for (int r = 0; r < b; r++) {
            for (int j = 0; j < w; j++) {
                float z = head.bIn[j];
                for (int p = 0; p < 784; p++) {
                    z = Math.fma((x[rows[r] * 784 + p] & 0xFF) / 255f, head.wIn[p * w + j], z);
                }
                hs[0][r][j] = Transcendentals.tanh(z);
            }
        }
        for (int i = 0; i < nl; i++) {
            int base = i * lf;
            for (int r = 0; r < b; r++) {
                for (int k = 0; k < w; k++) {
                    float[] col = new float[w];
                    for (int j = 0; j < w; j++) {
                        col[j] = layers[base + j * w + k];
                    }
                    float z = dot(hs[i][r], col, layers[base + w * w + k]);
                    float q;
                    switch (spec.activation()) {
                        case SOFTSIGN -> {
                            float d = Math.abs(z) + 1f;
                            q = (z * spec.alpha()) / d;
                            es[i][r][k] = spec.alpha() / (d * d);
                        }
                        case TANH -> {
                            float t = Transcendentals.tanh(z);
                            q = t * spec.alpha();
                            es[i][r][k] = (1f - t * t) * spec.alpha();
                        }
                        default -> {
                            q = (z <= 0f ? 0f : z) * spec.alpha();
                            es[i][r][k] = z <= 0f ? 0f : spec.alpha();
                        }
                    }
                    hs[i + 1][r][k] = hs[i][r][k] + q;
                }
            }
        }
        // head
        float[][] gl = new float[b][10];
        double loss = 0;
        for (int r = 0; r < b; r++) {
            float[] z = new float[10];
            for (int c = 0; c < 10; c++) {
                float acc = head.bOut[c];
                for (int j = 0; j < w; j++) {
                    acc = Math.fma(hs[nl][r][j], head.wOut[j * 10 + c], acc);
                }
                z[c] = acc;
            }
            float max = z[0];
            for (float v : z) {
                max = Math.max(max, v);
            }
            float sum = 0f;
            float[] e = new float[10];
            for (int c = 0; c < 10; c++) {
                e[c] = Transcendentals.exp(z[c] - max);
                sum += e[c];
            }
            int label = y[rows[r]];
            for (int c = 0; c < 10; c++) {
                gl[r][c] = (e[c] / sum - (c == label ? 1f : 0f)) * (1f / b);
            }
            loss += Math.log(sum) - (z[label] - max);
        }
        float[][][] g = new float[nl + 1][b][w];
        for (int r = 0; r < b; r++) {
            for (int j = 0; j < w; j++) {
                float acc = 0f;
                for (int c = 0; c < 10; c++) {
                    acc = Math.fma(gl[r][c], head.wOut[j * 10 + c], acc);
                }
                g[nl][r][j] = acc;
            }
        }
        gWOut = new float[w * 10];
        gBOut = new float[10];
        for (int j = 0; j < w; j++) {
            for (int c = 0; c < 10; c++) {
                float acc = 0f;
                for (int r = 0; r < b; r++) {
                    acc = Math.fma(hs[nl][r][j], gl[r][c], acc);
                }
                gWOut[j * 10 + c] = acc;
            }
        }
        for (int c = 0; c < 10; c++) {
            float acc = 0f;
            for (int r = 0; r < b; r++) {
                acc += gl[r][c];
            }
            gBOut[c] = acc;
        }
        // stack, last layer first, with the weights of the forward pass
        gLayers = new float[layers.length];
        for (int i = nl - 1; i >= 0; i--) {
            int base = i * lf;
            float[][] s = new float[b][w];
            for (int r = 0; r < b; r++) {
                for (int k = 0; k < w; k++) {
                    s[r][k] = g[i + 1][r][k] * es[i][r][k];
                }
                for (int j = 0; j < w; j++) {
                    float[] row = new float[w];
                    System.arraycopy(layers, base + j * w, row, 0, w);
                    g[i][r][j] = dot(s[r], row, g[i + 1][r][j]);
                }
            }
            for (int j = 0; j < w; j++) {
                for (int k = 0; k < w; k++) {
                    float[] prod = new float[b];
                    for (int r = 0; r < b; r++) {
                        prod[r] = hs[i][r][j] * s[r][k];
                    }
                    gLayers[base + j * w + k] = rowSum(prod, true, hs, i, s, j, k);
                }
            }
            for (int k = 0; k < w; k++) {
                float[] col = new float[b];
                for (int r = 0; r < b; r++) {
                    col[r] = s[r][k];
                }
                gLayers[base + w * w + k] = rowSum(col, false, null, 0, null, 0, 0);
            }
        }
        gWIn = new float[784 * w];
        gBIn = new float[w];
        float[][] dz = new float[b][w];
        for (int r = 0; r < b; r++) {
            for (int j = 0; j < w; j++) {
                float t = hs[0][r][j];
                dz[r][j] = g[0][r][j] * (1f - t * t);
            }
        }
        for (int p = 0; p < 784; p++) {
            for (int j = 0; j < w; j++) {
                float acc = 0f;
                for (int r = 0; r < b; r++) {
                    acc = Math.fma((x[rows[r] * 784 + p] & 0xFF) / 255f, dz[r][j], acc);
                }
                gWIn[p * w + j] = acc;
            }
        }
        for (int j = 0; j < w; j++) {
            float acc = 0f;
            for (int r = 0; r < b; r++) {
                acc += dz[r][j];
            }
            gBIn[j] = acc;
        }
        for (int i = 0; i < layers.length; i++) {
            layers[i] -= layerLr * gLayers[i];
        }
        sgd(head.wOut, gWOut, headLr);
        sgd(head.bOut, gBOut, headLr);
        sgd(head.wIn, gWIn, headLr);
        sgd(head.bIn, gBIn, headLr);
        return loss / b;
    }

    private static void sgd(float[] p, float[] grad, float lr) {
        for (int i = 0; i < p.length; i++) {
            p[i] -= lr * grad[i];
        }
    }

    /** The documented dot: four partial sums by j mod 4, the first seeded, then (a0 + a1) + (a2 + a3). */
    static float dot(float[] x, float[] wv, float seed) {
        int n = x.length;
        float[] a = new float[4];
        for (int j = 0; j < n; j++) {
            int m = j % 4;
            if (j == 0) {
                a[0] = Math.fma(x[0], wv[0], seed);
            } else if (j < 4) {
                a[m] = x[j] * wv[j];
            } else {
                a[m] = Math.fma(x[j], wv[j], a[m]);
            }
        }
        return switch (n) {
            case 1 -> a[0];
            case 2 -> a[0] + a[1];
            case 3 -> (a[0] + a[1]) + a[2];
            default -> (a[0] + a[1]) + (a[2] + a[3]);
        };
    }

    /**
     * The documented batch sum over the real rows: 16 partial sums by row mod 16 (first term as is, later terms
     * fma for products / + for plain values), then the butterfly. Missing partials are 0.
     */
    private static float rowSum(float[] v, boolean products, float[][][] hs, int i, float[][] s, int j, int k) {
        float[] acc = new float[16];
        for (int r = 0; r < v.length; r++) {
            int l = r % 16;
            if (r < 16) {
                acc[l] = v[r];
            } else if (products) {
                acc[l] = Math.fma(hs[i][r][j], s[r][k], acc[l]);
            } else {
                acc[l] += v[r];
            }
        }
        for (int step = 8; step >= 1; step /= 2) {
            for (int l = 0; l < step; l++) {
                acc[l] += acc[l + step];
            }
        }
        return acc[0];
    }

    /** The loss of the current parameters on the rows, all in double (the finite-difference oracle). */
    double loss(byte[] x, byte[] y, int[] rows, int which, int index, double delta) {
        int w = spec.width();
        int lf = spec.layerFloats();
        int nl = (int) spec.layers();
        double total = 0;
        for (int row : rows) {
            double[] h = new double[w];
            for (int j = 0; j < w; j++) {
                double z = param(2, w * 784 + j, which, index, delta);
                for (int p = 0; p < 784; p++) {
                    z += (x[row * 784 + p] & 0xFF) / 255.0 * param(2, p * w + j, which, index, delta);
                }
                h[j] = Math.tanh(z);
            }
            for (int i = 0; i < nl; i++) {
                double[] next = h.clone();
                for (int k = 0; k < w; k++) {
                    double z = param(0, i * lf + w * w + k, which, index, delta);
                    for (int j = 0; j < w; j++) {
                        z += h[j] * param(0, i * lf + j * w + k, which, index, delta);
                    }
                    double a = switch (spec.activation()) {
                        case SOFTSIGN -> z / (1 + Math.abs(z));
                        case TANH -> Math.tanh(z);
                        default -> Math.max(z, 0);
                    };
                    next[k] = h[k] + spec.alpha() * a;
                }
                h = next;
            }
            double[] z = new double[10];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < 10; c++) {
                z[c] = param(1, w * 10 + c, which, index, delta);
                for (int j = 0; j < w; j++) {
                    z[c] += h[j] * param(1, j * 10 + c, which, index, delta);
                }
                max = Math.max(max, z[c]);
            }
            double sum = 0;
            for (double v : z) {
                sum += Math.exp(v - max);
            }
            total += Math.log(sum) - (z[y[row]] - max);
        }
        return total / rows.length;
    }

    /** Parameter {@code i} of group 0 = layers, 1 = W_out then b_out, 2 = W_in then b_in; + delta where selected. */
    private double param(int group, int i, int which, int index, double delta) {
        int w = spec.width();
        double v = switch (group) {
            case 0 -> layers[i];
            case 1 -> i < w * 10 ? head.wOut[i] : head.bOut[i - w * 10];
            default -> i < w * 784 ? head.wIn[i] : head.bIn[i - w * 784];
        };
        return group == which && i == index ? v + delta : v;
    }

    static Activation[] activations() {
        return new Activation[] {Activation.SOFTSIGN, Activation.TANH, Activation.RELU};
    }
}
