package dev.spacetime.engine.deep;

import dev.spacetime.engine.data.SplitMix64;
import dev.spacetime.engine.kernel.Transcendentals;

/**
 * The small parts around the stack, in plain scalar code (they cost ~50k multiply-adds a step at width 4, nothing
 * next to the stack): the input projection h₀ = tanh(x·W_in + b_in) with x = pixels/255, and the output head
 * logits = h_L·W_out + b_out with softmax cross-entropy averaged over the batch. Both are trained with the head
 * learning rate.
 *
 * <pre>
 * shapes: x [B × 784]   W_in [784 × w]   b_in [w]   h [w × ld] (lane layout)   W_out [w × 10]   b_out [10]
 * order:  z0_rj = fma chain over p = 0..783 of x_rp·W_in[p][j], seeded with b_in[j]
 *         logit_rc = fma chain over j of h_rj·W_out[j][c], seeded with b_out[c]
 *         softmax: m = max_c logit, e_c = exp(logit_c − m) (Transcendentals.exp), sum over c in order,
 *                  loss_r = ln(sum) − (logit_label − m) in double; gradient (e_c/sum − [c = label])·(1/B)
 *         weight gradients: fma chains over the batch rows in order from 0; biases: sums in row order;
 *         dL/dh_rj: fma chain over c from 0; W −= lr·grad
 * </pre>
 */
public final class DeepHead {

    public static final int INPUTS = 784;
    public static final int CLASSES = 10;

    final int width;
    final float[] wIn;
    final float[] bIn;
    final float[] wOut;
    final float[] bOut;

    DeepHead(int width, float[] wIn, float[] bIn, float[] wOut, float[] bOut) {
        this.width = width;
        this.wIn = wIn;
        this.bIn = bIn;
        this.wOut = wOut;
        this.bOut = bOut;
    }

    /** Xavier-uniform W_in and W_out (limits √(6/(784+w)) and √(6/(w+10))), zero biases, from SplitMix64(seed). */
    public static DeepHead initialize(int width, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        float[] wIn = uniform(rng, INPUTS * width, (float) Math.sqrt(6.0 / (INPUTS + width)));
        float[] wOut = uniform(rng, width * CLASSES, (float) Math.sqrt(6.0 / (width + CLASSES)));
        return new DeepHead(width, wIn, new float[width], wOut, new float[CLASSES]);
    }

    static float[] uniform(SplitMix64 rng, int n, float limit) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (rng.nextFloat() * 2f - 1f) * limit;
        }
        return a;
    }

    public DeepHead copy() {
        return new DeepHead(width, wIn.clone(), bIn.clone(), wOut.clone(), bOut.clone());
    }

    public int width() {
        return width;
    }

    int floats() {
        return wIn.length + bIn.length + wOut.length + bOut.length;
    }

    /** h₀ in lane layout [w × ld] for the B rows of x (pixels 0..255 at x[rows[r]·784 ..]); padding rows stay 0. */
    void inputForward(byte[] x, int[] rows, int batch, int ld, float[] h) {
        java.util.Arrays.fill(h, 0, width * ld, 0f);
        for (int r = 0; r < batch; r++) {
            int base = rows[r] * INPUTS;
            for (int j = 0; j < width; j++) {
                float z = bIn[j];
                for (int p = 0; p < INPUTS; p++) {
                    z = Math.fma(pixel(x, base + p), wIn[p * width + j], z);
                }
                h[j * ld + r] = Transcendentals.tanh(z);
            }
        }
    }

    static float pixel(byte[] x, int i) {
        return (x[i] & 0xFF) / 255f;
    }

    /** The 10 logits of row r of the lane-layout state h. */
    void logits(float[] h, int ld, int r, float[] logits) {
        for (int c = 0; c < CLASSES; c++) {
            float z = bOut[c];
            for (int j = 0; j < width; j++) {
                z = Math.fma(h[j * ld + r], wOut[j * CLASSES + c], z);
            }
            logits[c] = z;
        }
    }

    /**
     * Head forward + backward on the final state: returns Σ_r loss_r (double) and the correct count in
     * {@code correct[0]}; writes dL/dh into {@code g} [w × ld] (padding rows 0) and, with {@code lr} > 0, applies
     * SGD to W_out and b_out (after computing dL/dh with the old weights).
     */
    double headStep(float[] h, int ld, int[] labels, int batch, float lr, float[] g, int[] correct) {
        float[] logits = new float[CLASSES];
        float[] grad = new float[batch * CLASSES];
        float invBatch = 1f / batch;
        double loss = 0;
        int right = 0;
        for (int r = 0; r < batch; r++) {
            logits(h, ld, r, logits);
            int label = labels[r];
            loss += softmaxRow(logits, label, invBatch, grad, r * CLASSES);
            right += argmax(logits) == label ? 1 : 0;
        }
        correct[0] = right;
        if (g != null) {
            java.util.Arrays.fill(g, 0, width * ld, 0f);
            for (int r = 0; r < batch; r++) {
                for (int j = 0; j < width; j++) {
                    float acc = 0f;
                    for (int c = 0; c < CLASSES; c++) {
                        acc = Math.fma(grad[r * CLASSES + c], wOut[j * CLASSES + c], acc);
                    }
                    g[j * ld + r] = acc;
                }
            }
        }
        if (lr > 0f) {
            for (int j = 0; j < width; j++) {
                for (int c = 0; c < CLASSES; c++) {
                    float acc = 0f;
                    for (int r = 0; r < batch; r++) {
                        acc = Math.fma(h[j * ld + r], grad[r * CLASSES + c], acc);
                    }
                    wOut[j * CLASSES + c] -= lr * acc;
                }
            }
            for (int c = 0; c < CLASSES; c++) {
                float acc = 0f;
                for (int r = 0; r < batch; r++) {
                    acc += grad[r * CLASSES + c];
                }
                bOut[c] -= lr * acc;
            }
        }
        return loss;
    }

    /** −ln softmax(z)[label] in double; grad[at + c] = (softmax_c − [c = label])·scale. */
    static double softmaxRow(float[] z, int label, float scale, float[] grad, int at) {
        float max = z[0];
        for (int c = 1; c < CLASSES; c++) {
            max = Math.max(max, z[c]);
        }
        float sum = 0f;
        float[] e = new float[CLASSES];
        for (int c = 0; c < CLASSES; c++) {
            e[c] = Transcendentals.exp(z[c] - max);
            sum += e[c];
        }
        if (grad != null) {
            for (int c = 0; c < CLASSES; c++) {
                grad[at + c] = (e[c] / sum - (c == label ? 1f : 0f)) * scale;
            }
        }
        return Math.log(sum) - (z[label] - max);
    }

    static int argmax(float[] z) {
        int best = 0;
        for (int c = 1; c < z.length; c++) {
            if (z[c] > z[best]) {
                best = c;
            }
        }
        return best;
    }

    /** SGD on W_in, b_in from dL/dh₀ = g and h₀ (tanh outputs), with the head learning rate. */
    void inputBackward(byte[] x, int[] rows, int batch, int ld, float[] h0, float[] g, float lr) {
        float[] dz = new float[batch * width];
        for (int r = 0; r < batch; r++) {
            for (int j = 0; j < width; j++) {
                float y = h0[j * ld + r];
                dz[r * width + j] = g[j * ld + r] * (1f - y * y);
            }
        }
        for (int p = 0; p < INPUTS; p++) {
            for (int j = 0; j < width; j++) {
                float acc = 0f;
                for (int r = 0; r < batch; r++) {
                    acc = Math.fma(pixel(x, rows[r] * INPUTS + p), dz[r * width + j], acc);
                }
                wIn[p * width + j] -= lr * acc;
            }
        }
        for (int j = 0; j < width; j++) {
            float acc = 0f;
            for (int r = 0; r < batch; r++) {
                acc += dz[r * width + j];
            }
            bIn[j] -= lr * acc;
        }
    }
}
