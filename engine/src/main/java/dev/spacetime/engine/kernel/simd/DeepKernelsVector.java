package dev.spacetime.engine.kernel.simd;

import dev.spacetime.engine.kernel.Activation;
import dev.spacetime.engine.kernel.DeepKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DeepKernels} with the batch across the lanes of 512-bit registers: one register holds one feature of 16
 * batch rows, so a width-4 layer at batch 16 is four registers in and four out, and the state never leaves the
 * registers while a chunk of layers runs. Bit-identical to {@code DeepKernelsScalar} (same operations in the same
 * order; tanh through {@link VectorKernels#tanh}, which mirrors {@code Transcendentals} step by step).
 *
 * <p>Width 4 — the benchmark shape, where each layer is a dependency chain of about 25 cycles and a step is latency
 * bound — has hand-unrolled loops ({@link DeepLanes4}); other widths run the general loops here, whose inner loops
 * over j and k are w² fused multiply-adds per 16 rows, which keeps wide layers (w = 64: 4096 FMAs per block) busy.
 *
 * <p>Each hot loop is its own method on purpose: C2 stops inlining Vector API calls once a method's graph passes
 * its node budget, and a non-inlined vector op allocates a box per call (measured: a fused forward+backward loop
 * ran 50× slower than the split one).
 */
public final class DeepKernelsVector implements DeepKernels {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    static final int L = 16;

    private static final VectorShuffle<Float> SW8 = VectorShuffle.fromOp(S, i -> i ^ 8);
    private static final VectorShuffle<Float> SW4 = VectorShuffle.fromOp(S, i -> i ^ 4);
    private static final VectorShuffle<Float> SW2 = VectorShuffle.fromOp(S, i -> i ^ 2);
    private static final VectorShuffle<Float> SW1 = VectorShuffle.fromOp(S, i -> i ^ 1);
    private static final VectorMask<Float> HI8 = VectorMask.fromLong(S, 0xFF00L);
    private static final VectorMask<Float> HI4 = VectorMask.fromLong(S, 0xF0F0L);
    private static final VectorMask<Float> HI2 = VectorMask.fromLong(S, 0xCCCCL);
    private static final VectorMask<Float> HI1 = VectorMask.fromLong(S, 0xAAAAL);

    public static final DeepKernelsVector INSTANCE = new DeepKernelsVector();

    private DeepKernelsVector() {
    }

    /** True when this CPU runs 16-float vectors natively (AVX-512); narrower CPUs get the scalar kernels. */
    public static boolean supported() {
        return FloatVector.SPECIES_PREFERRED.length() >= L;
    }

    @Override
    public String id() {
        return "deep-vector-512";
    }

    @Override
    public void forward(int w, int ld, Activation act, float alpha, float[] p, int pOff, int layers, float[] h,
                        float[] hs, float[] es) {
        check(ld);
        if (w == 4) {
            for (int rb = 0; rb < ld; rb += L) {
                // separate loops with and without the stores: one method seeing both would deoptimise when the
                // second kind of call arrives and, recompiled with both paths, outgrow C2's inlining budget (measured:
                // the vector ops then ran boxed, ~0.5 GB/s of garbage, in the steady state)
                if (hs == null) {
                    switch (act) {
                        case SOFTSIGN -> DeepLanes4.forwardSoftsign(ld, rb, alpha, p, pOff, layers, h);
                        case TANH -> DeepLanes4.forwardTanh(ld, rb, alpha, p, pOff, layers, h);
                        case RELU -> DeepLanes4.forwardRelu(ld, rb, alpha, p, pOff, layers, h);
                        default -> throw unsupported(act);
                    }
                } else {
                    switch (act) {
                        case SOFTSIGN -> DeepLanes4.recomputeSoftsign(ld, rb, alpha, p, pOff, layers, h, hs, es);
                        case TANH -> DeepLanes4.recomputeTanh(ld, rb, alpha, p, pOff, layers, h, hs, es);
                        case RELU -> DeepLanes4.recomputeRelu(ld, rb, alpha, p, pOff, layers, h, hs, es);
                        default -> throw unsupported(act);
                    }
                }
            }
            if (hs != null) {
                DeepLanes4.slopes(act, alpha, ld, layers, es);
            }
            return;
        }
        forwardGeneral(w, ld, act, alpha, p, pOff, layers, h, hs, es);
    }

    @Override
    public void backward(int w, int ld, float[] p, int pOff, int layers, float[] es, float[] g) {
        check(ld);
        if (w == 4) {
            for (int rb = 0; rb < ld; rb += L) {
                DeepLanes4.backward(ld, rb, p, pOff, layers, es, g);
            }
            return;
        }
        backwardGeneral(w, ld, p, pOff, layers, es, g);
    }

    @Override
    public void update(int w, int ld, float lr, float[] p, int pOff, int layers, float[] hs, float[] ss) {
        check(ld);
        if (w == 4) {
            DeepLanes4.update(ld, lr, p, pOff, layers, hs, ss);
            return;
        }
        updateGeneral(w, ld, lr, p, pOff, layers, hs, ss);
    }

    private static void check(int ld) {
        if (ld <= 0 || ld % L != 0) {
            throw new IllegalArgumentException("lane stride " + ld + " must be a positive multiple of " + L);
        }
    }

    static IllegalArgumentException unsupported(Activation act) {
        return new IllegalArgumentException("the deep stack takes softsign, tanh or relu, not " + act.id());
    }

    // ------------------------------------------------------------------------------ shared pieces (also DeepLanes4)

    static FloatVector load(float[] a, int off) {
        return FloatVector.fromArray(S, a, off);
    }

    static FloatVector bc(float f) {
        return FloatVector.broadcast(S, f);
    }

    /**
     * One level of the butterfly for two registers at once: for lanes l with bit {@code step} clear the result is
     * a[l] + a[l + step], for the others b[l − step] + b[l] (each a sum of the contract's order). Two blends, one
     * swap and an add. (The two-table {@code selectFrom} does the same in three ops but measured 5–30× slower.)
     */
    static FloatVector pair8(FloatVector a, FloatVector b) {
        return a.blend(b, HI8).add(b.blend(a, HI8).rearrange(SW8));
    }

    static FloatVector pair4(FloatVector a, FloatVector b) {
        return a.blend(b, HI4).add(b.blend(a, HI4).rearrange(SW4));
    }

    static FloatVector pair2(FloatVector a, FloatVector b) {
        return a.blend(b, HI2).add(b.blend(a, HI2).rearrange(SW2));
    }

    static FloatVector pair1(FloatVector a, FloatVector b) {
        return a.blend(b, HI1).add(b.blend(a, HI1).rearrange(SW1));
    }

    /** Σ lanes in the contract's butterfly order, the sum broadcast... read from lane 0. */
    static float sumLanes(FloatVector v) {
        v = v.add(v.rearrange(SW8));
        v = v.add(v.rearrange(SW4));
        v = v.add(v.rearrange(SW2));
        v = v.add(v.rearrange(SW1));
        return v.lane(0);
    }

    // ------------------------------------------------------------------------------------ general widths

    /**
     * The contract's dot over n vectors x_j = x[xOff + j·xStride] (16 rows each) and scalars wv[wOff + j·wStride],
     * seeded with seed[seedOff ..] (a register) or, when {@code seed} is null, with the scalar {@code seedValue};
     * the result goes to out[outOff ..]. Arrays in and out rather than a returned vector: this method is too big for
     * C2 to inline, and a vector returned from a call that is not inlined is boxed on every call (measured 6×).
     */
    private static void dot(int n, float[] x, int xOff, int xStride, float[] wv, int wOff, int wStride,
                            float[] seed, int seedOff, float seedValue, float[] out, int outOff) {
        FloatVector s = seed == null ? bc(seedValue) : load(seed, seedOff);
        FloatVector a0 = load(x, xOff).fma(bc(wv[wOff]), s);
        FloatVector a1 = n > 1 ? load(x, xOff + xStride).mul(wv[wOff + wStride]) : a0;
        FloatVector a2 = n > 2 ? load(x, xOff + 2 * xStride).mul(wv[wOff + 2 * wStride]) : a0;
        FloatVector a3 = n > 3 ? load(x, xOff + 3 * xStride).mul(wv[wOff + 3 * wStride]) : a0;
        int j = 4;
        for (; j + 3 < n; j += 4) {
            a0 = load(x, xOff + j * xStride).fma(bc(wv[wOff + j * wStride]), a0);
            a1 = load(x, xOff + (j + 1) * xStride).fma(bc(wv[wOff + (j + 1) * wStride]), a1);
            a2 = load(x, xOff + (j + 2) * xStride).fma(bc(wv[wOff + (j + 2) * wStride]), a2);
            a3 = load(x, xOff + (j + 3) * xStride).fma(bc(wv[wOff + (j + 3) * wStride]), a3);
        }
        if (n > 4 && j < n) {
            a0 = load(x, xOff + j * xStride).fma(bc(wv[wOff + j * wStride]), a0);
        }
        if (n > 4 && j + 1 < n) {
            a1 = load(x, xOff + (j + 1) * xStride).fma(bc(wv[wOff + (j + 1) * wStride]), a1);
        }
        if (n > 4 && j + 2 < n) {
            a2 = load(x, xOff + (j + 2) * xStride).fma(bc(wv[wOff + (j + 2) * wStride]), a2);
        }
        FloatVector r = switch (n) {
            case 1 -> a0;
            case 2 -> a0.add(a1);
            case 3 -> a0.add(a1).add(a2);
            default -> a0.add(a1).add(a2.add(a3));
        };
        r.intoArray(out, outOff);
    }

    /**
     * q = α·act(z) for z at zq[at], written over it; when es is not null, e = α·act'(z) stored at es[eAt].
     * Arrays in and out for the same reason as {@link #dot}.
     */
    static void stepAndSlope(Activation act, float alpha, float[] zq, int at, float[] es, int eAt) {
        FloatVector z = load(zq, at);
        FloatVector q;
        switch (act) {
            case SOFTSIGN -> {
                FloatVector d = z.abs().add(1f);
                if (es != null) {
                    bc(alpha).div(d.mul(d)).intoArray(es, eAt);
                }
                q = z.mul(alpha).div(d);
            }
            case TANH -> {
                FloatVector y = VectorKernels.tanh(z);
                if (es != null) {
                    bc(1f).sub(y.mul(y)).mul(alpha).intoArray(es, eAt);
                }
                q = y.mul(alpha);
            }
            case RELU -> {
                VectorMask<Float> off = z.compare(VectorOperators.LE, 0f);
                if (es != null) {
                    bc(alpha).blend(0f, off).intoArray(es, eAt);
                }
                q = z.blend(0f, off).mul(alpha);
            }
            default -> throw unsupported(act);
        }
        q.intoArray(zq, at);
    }

    private static void forwardGeneral(int w, int ld, Activation act, float alpha, float[] p, int pOff, int layers,
                                       float[] h, float[] hs, float[] es) {
        int lf = DeepKernels.layerFloats(w);
        int plane = w * ld;
        float[] q = new float[w * L];
        for (int i = 0; i < layers; i++) {
            int base = pOff + i * lf;
            if (hs != null) {
                System.arraycopy(h, 0, hs, i * plane, plane);
            }
            for (int rb = 0; rb < ld; rb += L) {
                for (int k = 0; k < w; k++) {
                    dot(w, h, rb, ld, p, base + k, w, null, 0, p[base + w * w + k], q, k * L);
                    stepAndSlope(act, alpha, q, k * L, es, i * plane + k * ld + rb);
                }
                for (int k = 0; k < w; k++) {
                    load(h, k * ld + rb).add(load(q, k * L)).intoArray(h, k * ld + rb);
                }
            }
        }
    }

    private static void backwardGeneral(int w, int ld, float[] p, int pOff, int layers, float[] es, float[] g) {
        int lf = DeepKernels.layerFloats(w);
        int plane = w * ld;
        float[] next = new float[w * L];
        for (int i = layers - 1; i >= 0; i--) {
            int base = pOff + i * lf;
            int e0 = i * plane;
            for (int rb = 0; rb < ld; rb += L) {
                for (int k = 0; k < w; k++) {
                    load(g, k * ld + rb).mul(load(es, e0 + k * ld + rb)).intoArray(es, e0 + k * ld + rb);
                }
                for (int j = 0; j < w; j++) {
                    dot(w, es, e0 + rb, ld, p, base + j * w, 1, g, j * ld + rb, 0f, next, j * L);
                }
                for (int j = 0; j < w; j++) {
                    load(next, j * L).intoArray(g, j * ld + rb);
                }
            }
        }
    }

    private static void updateGeneral(int w, int ld, float lr, float[] p, int pOff, int layers, float[] hs, float[] ss) {
        int lf = DeepKernels.layerFloats(w);
        int plane = w * ld;
        for (int i = 0; i < layers; i++) {
            int base = pOff + i * lf;
            int h0 = i * plane;
            for (int j = 0; j < w; j++) {
                for (int k = 0; k < w; k++) {
                    FloatVector acc = load(hs, h0 + j * ld).mul(load(ss, h0 + k * ld));
                    for (int rb = L; rb < ld; rb += L) {
                        acc = load(hs, h0 + j * ld + rb).fma(load(ss, h0 + k * ld + rb), acc);
                    }
                    p[base + j * w + k] -= lr * sumLanes(acc);
                }
            }
            for (int k = 0; k < w; k++) {
                FloatVector acc = load(ss, h0 + k * ld);
                for (int rb = L; rb < ld; rb += L) {
                    acc = acc.add(load(ss, h0 + k * ld + rb));
                }
                p[base + w * w + k] -= lr * sumLanes(acc);
            }
        }
    }
}
