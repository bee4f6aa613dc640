package dev.spacetime.engine.kernel.simd;

import static dev.spacetime.engine.kernel.simd.DeepKernelsVector.S;
import static dev.spacetime.engine.kernel.simd.DeepKernelsVector.bc;
import static dev.spacetime.engine.kernel.simd.DeepKernelsVector.load;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Width 4 with 16 batch rows per register, unrolled so that the four features stay in registers for a whole chunk
 * and each layer loads its 20 floats once. One method per activation, because one loop holding all three would
 * outgrow C2's inlining budget (see {@link DeepKernelsVector}).
 *
 * <p>Per layer the dependency chain is z (fma → add → add: 8 cycles on Zen 5), |z| + 1, one division (~11 cycles)
 * and the residual add: about 25 cycles, which at batch 16 is the floor a forward pass cannot go below. Layout of a
 * layer at b: W[j][k] at b + 4j + k, bias k at b + 16 + k.
 */
final class DeepLanes4 {

    private static final int LF = 20;
    private static final VectorSpecies<Float> S128 = FloatVector.SPECIES_128;
    private static final VectorShuffle<Float> BIAS_LANES = VectorShuffle.fromValues(S, 0, 8, 4, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    private DeepLanes4() {
    }

    /** z_k = (fma(h0, W0k, b_k) + h1·W1k) + (h2·W2k + h3·W3k): the contract's dot for w = 4. */
    private static FloatVector z(FloatVector h0, FloatVector h1, FloatVector h2, FloatVector h3, float[] p, int b, int k) {
        return h0.fma(bc(p[b + k]), bc(p[b + 16 + k])).add(h1.mul(p[b + 4 + k])).add(h2.mul(p[b + 8 + k]).add(h3.mul(p[b + 12 + k])));
    }

    static void forwardSoftsign(int ld, int rb, float alpha, float[] p, int pOff, int layers, float[] h) {
        FloatVector h0 = load(h, rb), h1 = load(h, ld + rb), h2 = load(h, 2 * ld + rb), h3 = load(h, 3 * ld + rb);
        for (int i = 0; i < layers; i++) {
            int b = pOff + i * LF;
            FloatVector z0 = z(h0, h1, h2, h3, p, b, 0), z1 = z(h0, h1, h2, h3, p, b, 1);
            FloatVector z2 = z(h0, h1, h2, h3, p, b, 2), z3 = z(h0, h1, h2, h3, p, b, 3);
            FloatVector d0 = z0.abs().add(1f), d1 = z1.abs().add(1f), d2 = z2.abs().add(1f), d3 = z3.abs().add(1f);
            h0 = h0.add(z0.mul(alpha).div(d0));
            h1 = h1.add(z1.mul(alpha).div(d1));
            h2 = h2.add(z2.mul(alpha).div(d2));
            h3 = h3.add(z3.mul(alpha).div(d3));
        }
        h0.intoArray(h, rb); h1.intoArray(h, ld + rb); h2.intoArray(h, 2 * ld + rb); h3.intoArray(h, 3 * ld + rb);
    }

    /**
     * The forward loop that also stores each layer's input in hs and the slope material in es (softsign: d, tanh: y,
     * relu: z); {@link #slopes} then turns es into α·act'(z). Two loops because one that does both is past C2's
     * inlining budget and runs boxed (found with a JFR allocation profile: 0.5 GB/s of float[] from this loop).
     */
    static void recomputeSoftsign(int ld, int rb, float alpha, float[] p, int pOff, int layers, float[] h, float[] hs, float[] es) {
        FloatVector h0 = load(h, rb), h1 = load(h, ld + rb), h2 = load(h, 2 * ld + rb), h3 = load(h, 3 * ld + rb);
        int plane = 4 * ld;
        for (int i = 0; i < layers; i++) {
            int b = pOff + i * LF;
            FloatVector z0 = z(h0, h1, h2, h3, p, b, 0), z1 = z(h0, h1, h2, h3, p, b, 1);
            FloatVector z2 = z(h0, h1, h2, h3, p, b, 2), z3 = z(h0, h1, h2, h3, p, b, 3);
            FloatVector d0 = z0.abs().add(1f), d1 = z1.abs().add(1f), d2 = z2.abs().add(1f), d3 = z3.abs().add(1f);
            int o = i * plane + rb;
            h0.intoArray(hs, o); h1.intoArray(hs, o + ld); h2.intoArray(hs, o + 2 * ld); h3.intoArray(hs, o + 3 * ld);
            d0.intoArray(es, o); d1.intoArray(es, o + ld); d2.intoArray(es, o + 2 * ld); d3.intoArray(es, o + 3 * ld);
            h0 = h0.add(z0.mul(alpha).div(d0));
            h1 = h1.add(z1.mul(alpha).div(d1));
            h2 = h2.add(z2.mul(alpha).div(d2));
            h3 = h3.add(z3.mul(alpha).div(d3));
        }
        h0.intoArray(h, rb); h1.intoArray(h, ld + rb); h2.intoArray(h, 2 * ld + rb); h3.intoArray(h, 3 * ld + rb);
    }

    static void forwardTanh(int ld, int rb, float alpha, float[] p, int pOff, int layers, float[] h) {
        FloatVector h0 = load(h, rb), h1 = load(h, ld + rb), h2 = load(h, 2 * ld + rb), h3 = load(h, 3 * ld + rb);
        for (int i = 0; i < layers; i++) {
            int b = pOff + i * LF;
            FloatVector y0 = VectorKernels.tanh(z(h0, h1, h2, h3, p, b, 0)), y1 = VectorKernels.tanh(z(h0, h1, h2, h3, p, b, 1));
            FloatVector y2 = VectorKernels.tanh(z(h0, h1, h2, h3, p, b, 2)), y3 = VectorKernels.tanh(z(h0, h1, h2, h3, p, b, 3));
            h0 = h0.add(y0.mul(alpha));
            h1 = h1.add(y1.mul(alpha));
            h2 = h2.add(y2.mul(alpha));
            h3 = h3.add(y3.mul(alpha));
        }
        h0.intoArray(h, rb); h1.intoArray(h, ld + rb); h2.intoArray(h, 2 * ld + rb); h3.intoArray(h, 3 * ld + rb);
    }

    static void recomputeTanh(int ld, int rb, float alpha, float[] p, int pOff, int layers, float[] h, float[] hs, float[] es) {
        FloatVector h0 = load(h, rb), h1 = load(h, ld + rb), h2 = load(h, 2 * ld + rb), h3 = load(h, 3 * ld + rb);
        int plane = 4 * ld;
        for (int i = 0; i < layers; i++) {
            int b = pOff + i * LF;
            FloatVector y0 = VectorKernels.tanh(z(h0, h1, h2, h3, p, b, 0)), y1 = VectorKernels.tanh(z(h0, h1, h2, h3, p, b, 1));
            FloatVector y2 = VectorKernels.tanh(z(h0, h1, h2, h3, p, b, 2)), y3 = VectorKernels.tanh(z(h0, h1, h2, h3, p, b, 3));
            int o = i * plane + rb;
            h0.intoArray(hs, o); h1.intoArray(hs, o + ld); h2.intoArray(hs, o + 2 * ld); h3.intoArray(hs, o + 3 * ld);
            y0.intoArray(es, o); y1.intoArray(es, o + ld); y2.intoArray(es, o + 2 * ld); y3.intoArray(es, o + 3 * ld);
            h0 = h0.add(y0.mul(alpha));
            h1 = h1.add(y1.mul(alpha));
            h2 = h2.add(y2.mul(alpha));
            h3 = h3.add(y3.mul(alpha));
        }
        h0.intoArray(h, rb); h1.intoArray(h, ld + rb); h2.intoArray(h, 2 * ld + rb); h3.intoArray(h, 3 * ld + rb);
    }

    static void forwardRelu(int ld, int rb, float alpha, float[] p, int pOff, int layers, float[] h) {
        FloatVector h0 = load(h, rb), h1 = load(h, ld + rb), h2 = load(h, 2 * ld + rb), h3 = load(h, 3 * ld + rb);
        for (int i = 0; i < layers; i++) {
            int b = pOff + i * LF;
            FloatVector z0 = z(h0, h1, h2, h3, p, b, 0), z1 = z(h0, h1, h2, h3, p, b, 1);
            FloatVector z2 = z(h0, h1, h2, h3, p, b, 2), z3 = z(h0, h1, h2, h3, p, b, 3);
            VectorMask<Float> m0 = z0.compare(VectorOperators.LE, 0f), m1 = z1.compare(VectorOperators.LE, 0f);
            VectorMask<Float> m2 = z2.compare(VectorOperators.LE, 0f), m3 = z3.compare(VectorOperators.LE, 0f);
            h0 = h0.add(z0.blend(0f, m0).mul(alpha));
            h1 = h1.add(z1.blend(0f, m1).mul(alpha));
            h2 = h2.add(z2.blend(0f, m2).mul(alpha));
            h3 = h3.add(z3.blend(0f, m3).mul(alpha));
        }
        h0.intoArray(h, rb); h1.intoArray(h, ld + rb); h2.intoArray(h, 2 * ld + rb); h3.intoArray(h, 3 * ld + rb);
    }

    static void recomputeRelu(int ld, int rb, float alpha, float[] p, int pOff, int layers, float[] h, float[] hs, float[] es) {
        FloatVector h0 = load(h, rb), h1 = load(h, ld + rb), h2 = load(h, 2 * ld + rb), h3 = load(h, 3 * ld + rb);
        int plane = 4 * ld;
        for (int i = 0; i < layers; i++) {
            int b = pOff + i * LF;
            FloatVector z0 = z(h0, h1, h2, h3, p, b, 0), z1 = z(h0, h1, h2, h3, p, b, 1);
            FloatVector z2 = z(h0, h1, h2, h3, p, b, 2), z3 = z(h0, h1, h2, h3, p, b, 3);
            VectorMask<Float> m0 = z0.compare(VectorOperators.LE, 0f), m1 = z1.compare(VectorOperators.LE, 0f);
            VectorMask<Float> m2 = z2.compare(VectorOperators.LE, 0f), m3 = z3.compare(VectorOperators.LE, 0f);
            int o = i * plane + rb;
            h0.intoArray(hs, o); h1.intoArray(hs, o + ld); h2.intoArray(hs, o + 2 * ld); h3.intoArray(hs, o + 3 * ld);
            z0.intoArray(es, o); z1.intoArray(es, o + ld); z2.intoArray(es, o + 2 * ld); z3.intoArray(es, o + 3 * ld);
            h0 = h0.add(z0.blend(0f, m0).mul(alpha));
            h1 = h1.add(z1.blend(0f, m1).mul(alpha));
            h2 = h2.add(z2.blend(0f, m2).mul(alpha));
            h3 = h3.add(z3.blend(0f, m3).mul(alpha));
        }
        h0.intoArray(h, rb); h1.intoArray(h, ld + rb); h2.intoArray(h, 2 * ld + rb); h3.intoArray(h, 3 * ld + rb);
    }

    /**
     * es (slope material of {@code layers} layers × 4 features × ld rows, written by a recompute loop) becomes
     * e = α·act'(z) in the contract's order: softsign α / (d·d), tanh (1 − y·y)·α, relu z ≤ 0 ? 0 : α.
     */
    static void slopes(dev.spacetime.engine.kernel.Activation act, float alpha, int ld, int layers, float[] es) {
        FloatVector a = bc(alpha);
        FloatVector one = bc(1f);
        int n = layers * 4 * ld;
        switch (act) {
            case SOFTSIGN -> {
                for (int i = 0; i < n; i += 16) {
                    FloatVector d = load(es, i);
                    a.div(d.mul(d)).intoArray(es, i);
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i += 16) {
                    FloatVector y = load(es, i);
                    one.sub(y.mul(y)).mul(alpha).intoArray(es, i);
                }
            }
            case RELU -> {
                for (int i = 0; i < n; i += 16) {
                    a.blend(0f, load(es, i).compare(VectorOperators.LE, 0f)).intoArray(es, i);
                }
            }
            default -> throw DeepKernelsVector.unsupported(act);
        }
    }

    /** g'_j = (fma(s0, Wj0, g_j) + s1·Wj1) + (s2·Wj2 + s3·Wj3), last layer first; s = g ⊙ e is written over e. */
    static void backward(int ld, int rb, float[] p, int pOff, int layers, float[] es, float[] g) {
        FloatVector g0 = load(g, rb), g1 = load(g, ld + rb), g2 = load(g, 2 * ld + rb), g3 = load(g, 3 * ld + rb);
        int plane = 4 * ld;
        for (int i = layers - 1; i >= 0; i--) {
            int b = pOff + i * LF;
            int o = i * plane + rb;
            FloatVector s0 = g0.mul(load(es, o)), s1 = g1.mul(load(es, o + ld));
            FloatVector s2 = g2.mul(load(es, o + 2 * ld)), s3 = g3.mul(load(es, o + 3 * ld));
            s0.intoArray(es, o); s1.intoArray(es, o + ld); s2.intoArray(es, o + 2 * ld); s3.intoArray(es, o + 3 * ld);
            g0 = s0.fma(bc(p[b]), g0).add(s1.mul(p[b + 1])).add(s2.mul(p[b + 2]).add(s3.mul(p[b + 3])));
            g1 = s0.fma(bc(p[b + 4]), g1).add(s1.mul(p[b + 5])).add(s2.mul(p[b + 6]).add(s3.mul(p[b + 7])));
            g2 = s0.fma(bc(p[b + 8]), g2).add(s1.mul(p[b + 9])).add(s2.mul(p[b + 10]).add(s3.mul(p[b + 11])));
            g3 = s0.fma(bc(p[b + 12]), g3).add(s1.mul(p[b + 13])).add(s2.mul(p[b + 14]).add(s3.mul(p[b + 15])));
        }
        g0.intoArray(g, rb); g1.intoArray(g, ld + rb); g2.intoArray(g, 2 * ld + rb); g3.intoArray(g, 3 * ld + rb);
    }

    /**
     * Weight gradients and SGD. The 16 sums Σ_r h_j·s_k are reduced together: four levels of pairwise blend +
     * swap + add turn 16 registers into one whose lane l holds sum number l, each summed in the contract's
     * butterfly order. Feeding the products in bit-reversed order (lane l of the result is input bitrev(l)) puts
     * W[j][k]'s gradient in lane 4j + k, so the update is one register operation on the layer's 16 weights.
     *
     * <p>Split into three loops over the chunk because the whole reduction in one loop passes C2's inlining budget
     * (then every vector op is a call and a box: 20× slower, measured), and loops rather than calls per layer so
     * that constants stay in registers (measured 2.6× faster than three calls per layer, on a busy machine).
     */
    static void update(int ld, float lr, float[] p, int pOff, int layers, float[] hs, float[] ss) {
        float[] r0 = scratch(layers, 0);
        float[] r1 = scratch(layers, 1);
        halves(hs, ss, ld, layers, 0, 2, r0);
        halves(hs, ss, ld, layers, 1, 3, r1);
        finishes(lr, p, pOff, ss, ld, layers, r0, r1);
    }

    /** Per-thread scratch of 16 floats per layer, kept between calls (the update runs once per chunk). */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    private static float[] scratch(int layers, int which) {
        float[][] s = SCRATCH.get();
        if (s[which].length < layers * 16) {
            s[which] = new float[layers * 16];
        }
        return s[which];
    }

    /**
     * Levels 1–3 of the reduction, for every layer, of the products with s_ka and s_kb (all four j): inputs
     * P[j][ka], P[j][kb] accumulated over the row blocks; one register per layer to out[16·i]. A loop of its own
     * (not a call per layer) so that C2 keeps the blend masks and swap indices in registers.
     */
    private static void halves(float[] hs, float[] ss, int ld, int layers, int ka, int kb, float[] out) {
        int plane = 4 * ld;
        for (int i = 0; i < layers; i++) {
            int o = i * plane;
            FloatVector h0 = load(hs, o), h1 = load(hs, o + ld), h2 = load(hs, o + 2 * ld), h3 = load(hs, o + 3 * ld);
            FloatVector sa = load(ss, o + ka * ld), sb = load(ss, o + kb * ld);
            FloatVector p0a = h0.mul(sa), p1a = h1.mul(sa), p2a = h2.mul(sa), p3a = h3.mul(sa);
            FloatVector p0b = h0.mul(sb), p1b = h1.mul(sb), p2b = h2.mul(sb), p3b = h3.mul(sb);
            for (int rb = 16; rb < ld; rb += 16) {
                h0 = load(hs, o + rb); h1 = load(hs, o + ld + rb); h2 = load(hs, o + 2 * ld + rb); h3 = load(hs, o + 3 * ld + rb);
                sa = load(ss, o + ka * ld + rb);
                sb = load(ss, o + kb * ld + rb);
                p0a = h0.fma(sa, p0a); p1a = h1.fma(sa, p1a); p2a = h2.fma(sa, p2a); p3a = h3.fma(sa, p3a);
                p0b = h0.fma(sb, p0b); p1b = h1.fma(sb, p1b); p2b = h2.fma(sb, p2b); p3b = h3.fma(sb, p3b);
            }
            FloatVector x0 = DeepKernelsVector.pair8(p0a, p2a), x1 = DeepKernelsVector.pair8(p1a, p3a);
            FloatVector x2 = DeepKernelsVector.pair8(p0b, p2b), x3 = DeepKernelsVector.pair8(p1b, p3b);
            DeepKernelsVector.pair2(DeepKernelsVector.pair4(x0, x1), DeepKernelsVector.pair4(x2, x3)).intoArray(out, i * 16);
        }
    }

    /** Level 4 and the weight update, then the four bias sums and their update, for every layer. */
    private static void finishes(float lr, float[] p, int pOff, float[] ss, int ld, int layers, float[] r0, float[] r1) {
        int plane = 4 * ld;
        for (int i = 0; i < layers; i++) {
            int b = pOff + i * LF;
            int o = i * plane;
            FloatVector dw = DeepKernelsVector.pair1(load(r0, i * 16), load(r1, i * 16));
            FloatVector.fromArray(S, p, b).sub(dw.mul(lr)).intoArray(p, b);
            FloatVector s0 = load(ss, o), s1 = load(ss, o + ld), s2 = load(ss, o + 2 * ld), s3 = load(ss, o + 3 * ld);
            for (int rb = 16; rb < ld; rb += 16) {
                s0 = s0.add(load(ss, o + rb));
                s1 = s1.add(load(ss, o + ld + rb));
                s2 = s2.add(load(ss, o + 2 * ld + rb));
                s3 = s3.add(load(ss, o + 3 * ld + rb));
            }
            // groups of four lanes [s0, s2, s1, s3] after two levels, then the last two butterfly steps in place;
            // the sums sit in lanes 0 (b0), 8 (b1), 4 (b2), 12 (b3): gathered into a 128-bit register for one update
            FloatVector y = DeepKernelsVector.pair4(DeepKernelsVector.pair8(s0, s1), DeepKernelsVector.pair8(s2, s3));
            y = DeepKernelsVector.pair2(y, y);
            FloatVector db = DeepKernelsVector.pair1(y, y).rearrange(BIAS_LANES).reinterpretShape(S128, 0).reinterpretAsFloats();
            FloatVector.fromArray(S128, p, b + 16).sub(db.mul(lr)).intoArray(p, b + 16);
        }
    }
}
