package dev.spacetime.engine.kernel.simd;

import dev.spacetime.engine.kernel.Activation;
import dev.spacetime.engine.kernel.Kernels;
import dev.spacetime.engine.kernel.ScalarKernels;
import dev.spacetime.engine.kernel.Transcendentals;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Java Vector API kernels. The only package that imports {@code jdk.incubator.vector}; loaded reflectively by
 * {@link dev.spacetime.engine.kernel.KernelProvider} so that the engine runs (on {@link ScalarKernels}) when the
 * module is missing.
 *
 * <p>GEMM: a register-blocked micro-kernel of 4 rows × 4 vectors (16 accumulators = 64 floats × 4 rows on AVX-512)
 * that streams B row by row and broadcasts one A element per row and k; no packing, because the matrices here
 * (≤ 3310 × 810) already stream well from L2. Each output element is a single FMA chain over k in order, which
 * makes results independent of tiling and of how rows are split between threads.
 */
public final class VectorKernels implements Kernels {

    /** Fixed at class initialisation so that C2 constant-folds the width; forced by {@code spacetime.vector.bits}. */
    static final VectorSpecies<Float> S = pickSpecies(System.getProperty("spacetime.vector.bits", ""));
    static final int L = S.length();
    private static final int MR = 4;
    private static final int NR = 4 * L;
    /** k-slice length: KC × NR floats of B = 16 KiB, a third of the 48 KiB L1 (measured: 64 beats 128, 256 and no slicing). */
    private static final int KC = 64;

    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
    private static final FloatVector NEG_LN2_HI = FloatVector.broadcast(S, -Transcendentals.LN2_HI);
    private static final FloatVector NEG_LN2_LO = FloatVector.broadcast(S, -Transcendentals.LN2_LO);
    /** Lane indices 0, 1, 2, … as floats: compared with a label to build the one-hot lane mask. */
    private static final FloatVector IOTA = FloatVector.fromArray(S, iota(L), 0);

    /**
     * Butterfly shuffles (lane i ↔ lane i^step) for {@link #sumLanes}; each its own constant, because C2 only
     * intrinsifies {@code rearrange} when it can see the shuffle's exact type (one loaded from an array is not).
     */
    private static final VectorShuffle<Float> SWAP8 = L >= 16 ? VectorShuffle.fromOp(S, i -> i ^ 8) : null;
    private static final VectorShuffle<Float> SWAP4 = L >= 8 ? VectorShuffle.fromOp(S, i -> i ^ 4) : null;
    private static final VectorShuffle<Float> SWAP2 = VectorShuffle.fromOp(S, i -> i ^ 2);
    private static final VectorShuffle<Float> SWAP1 = VectorShuffle.fromOp(S, i -> i ^ 1);

    public static final VectorKernels INSTANCE = new VectorKernels();

    private static float[] iota(int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = i;
        }
        return f;
    }

    /**
     * Σ lanes in a fixed butterfly order. {@code reduceLanes(ADD)} leaves the order unspecified, and it does differ
     * between the interpreter and C2; a sum whose value changes when the JIT kicks in would break bit-identical
     * training runs.
     */
    static float sumLanes(FloatVector v) {
        if (L >= 16) {
            v = v.add(v.rearrange(SWAP8));
        }
        if (L >= 8) {
            v = v.add(v.rearrange(SWAP4));
        }
        v = v.add(v.rearrange(SWAP2));
        v = v.add(v.rearrange(SWAP1));
        return v.lane(0);
    }

    private VectorKernels() {
    }

    static VectorSpecies<Float> pickSpecies(String bits) {
        return switch (bits) {
            case "" -> FloatVector.SPECIES_PREFERRED;
            case "512" -> FloatVector.SPECIES_512;
            case "256" -> FloatVector.SPECIES_256;
            case "128" -> FloatVector.SPECIES_128;
            default -> throw new IllegalArgumentException(
                    "spacetime.vector.bits=" + bits + " is not a vector width: use 128, 256 or 512");
        };
    }

    @Override
    public String id() {
        return "vector-" + S.vectorBitSize();
    }

    // ------------------------------------------------------------------------------------------------ GEMM

    @Override
    public void gemm(boolean transA, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float[] c, int cOff, int ldc, boolean accumulate) {
        int ars = transA ? 1 : lda;
        int acs = transA ? lda : 1;
        gemmTiles(m, n, k, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc, accumulate, Activation.IDENTITY);
    }

    @Override
    public void gemmBiasAct(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float[] bias, int biasOff, float[] c, int cOff, int ldc, Activation act) {
        // The bias seeds the accumulators (C starts as bias rows), the activation runs on each tile while it is
        // still in L1. Both stay out of the micro-kernels: code there must stay small enough for C2 to inline
        // every Vector API call, or the vectors get boxed and the GEMM runs 10× slower.
        for (int i = 0; i < m; i++) {
            System.arraycopy(bias, biasOff, c, cOff + i * ldc, n);
        }
        gemmTiles(m, n, k, a, aOff, lda, 1, b, bOff, ldb, c, cOff, ldc, true, act);
    }

    /**
     * Walks the output in MR×NR tiles, then the row and column edges with narrower kernels of the same arithmetic.
     * k is cut into KC-long slices so that a slice of a B panel (KC × NR floats = 32 KiB) stays in L1 while every
     * row tile uses it; between slices the accumulators go through C, which keeps each element's FMA chain intact.
     */
    private static void gemmTiles(int m, int n, int k, float[] a, int aOff, int ars, int acs,
                                  float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
                                  boolean loadC, Activation act) {
        for (int kk = 0; kk < k || kk == 0; kk += KC) {
            int kc = Math.min(KC, k - kk);
            boolean lastSlice = kk + KC >= k;
            gemmSlice(m, n, kc, a, aOff + kk * acs, ars, acs, b, bOff + kk * ldb, ldb, c, cOff, ldc,
                    loadC || kk > 0, lastSlice ? act : Activation.IDENTITY);
        }
    }

    private static void gemmSlice(int m, int n, int k, float[] a, int aOff, int ars, int acs,
                                  float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
                                  boolean loadC, Activation act) {
        int mMain = m - m % MR;
        int nMain = n - n % NR;
        for (int j = 0; j < nMain; j += NR) {
            int i = 0;
            for (; i < mMain; i += MR) {
                tile4x4(k, a, aOff + i * ars, ars, acs, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc, loadC);
                activateRows(act, MR, NR, c, cOff + i * ldc + j, ldc);
            }
            for (; i < m; i++) {
                tile1x4(k, a, aOff + i * ars, acs, b, bOff + j, ldb, c, cOff + i * ldc + j, loadC);
                activateRows(act, 1, NR, c, cOff + i * ldc + j, ldc);
            }
        }
        // The column edge (fewer than NR columns left) in groups of up to three vectors, only the very last one
        // masked: one vector per call would load A four times as often per FMA (width 89 = 64 + 25 columns made
        // the edge slower than the whole main block).
        for (int j = nMain; j < n; ) {
            int vectors = Math.min(3, (n - j + L - 1) / L);
            if (vectors == 3 && n - j > 3 * L) {
                vectors = 2;                                  // 4 vectors left: 2 + 2, the mask in the second pair
            }
            int width = Math.min(vectors * L, n - j);
            VectorMask<Float> mask = S.indexInRange(j + (vectors - 1) * L, n);
            int i = 0;
            for (; i < mMain; i += MR) {
                int c0 = cOff + i * ldc + j;
                int a0 = aOff + i * ars;
                switch (vectors) {
                    case 3 -> tile4x3(k, a, a0, ars, acs, b, bOff + j, ldb, c, c0, ldc, loadC, mask);
                    case 2 -> tile4x2(k, a, a0, ars, acs, b, bOff + j, ldb, c, c0, ldc, loadC, mask);
                    default -> tile4x1(k, a, a0, ars, acs, b, bOff + j, ldb, c, c0, ldc, loadC, mask);
                }
                activateRows(act, MR, width, c, c0, ldc);
            }
            for (; i < m; i++) {
                for (int v = 0; v < vectors; v++) {
                    int jv = j + v * L;
                    tile1x1(k, a, aOff + i * ars, acs, b, bOff + jv, ldb, c, cOff + i * ldc + jv, loadC,
                            S.indexInRange(jv, n));
                }
                activateRows(act, 1, width, c, cOff + i * ldc + j, ldc);
            }
            j += width;
        }
    }

    /** C[4 × 4L] (+)= A·B for one tile. a0 = A(i, 0); A(i+r, p) = a[a0 + r*ars + p*acs]. */
    private static void tile4x4(int k, float[] a, int a0, int ars, int acs, float[] b, int b0, int ldb,
                                float[] c, int c0, int ldc, boolean loadC) {
        int c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        FloatVector x00 = load(loadC, c, c0), x01 = load(loadC, c, c0 + L), x02 = load(loadC, c, c0 + 2 * L), x03 = load(loadC, c, c0 + 3 * L);
        FloatVector x10 = load(loadC, c, c1), x11 = load(loadC, c, c1 + L), x12 = load(loadC, c, c1 + 2 * L), x13 = load(loadC, c, c1 + 3 * L);
        FloatVector x20 = load(loadC, c, c2), x21 = load(loadC, c, c2 + L), x22 = load(loadC, c, c2 + 2 * L), x23 = load(loadC, c, c2 + 3 * L);
        FloatVector x30 = load(loadC, c, c3), x31 = load(loadC, c, c3 + L), x32 = load(loadC, c, c3 + 2 * L), x33 = load(loadC, c, c3 + 3 * L);
        int r1 = a0 + ars, r2 = r1 + ars, r3 = r2 + ars;
        // Indices written as linear functions of p (not as separately stepped variables) so that C2's range-check
        // elimination can prove them once before the loop instead of checking every load.
        for (int p = 0; p < k; p++) {
            int ap = p * acs;
            int bp = b0 + p * ldb;
            FloatVector b0v = FloatVector.fromArray(S, b, bp);
            FloatVector b1v = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2v = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector b3v = FloatVector.fromArray(S, b, bp + 3 * L);
            FloatVector av = FloatVector.broadcast(S, a[a0 + ap]);
            x00 = av.fma(b0v, x00); x01 = av.fma(b1v, x01); x02 = av.fma(b2v, x02); x03 = av.fma(b3v, x03);
            av = FloatVector.broadcast(S, a[r1 + ap]);
            x10 = av.fma(b0v, x10); x11 = av.fma(b1v, x11); x12 = av.fma(b2v, x12); x13 = av.fma(b3v, x13);
            av = FloatVector.broadcast(S, a[r2 + ap]);
            x20 = av.fma(b0v, x20); x21 = av.fma(b1v, x21); x22 = av.fma(b2v, x22); x23 = av.fma(b3v, x23);
            av = FloatVector.broadcast(S, a[r3 + ap]);
            x30 = av.fma(b0v, x30); x31 = av.fma(b1v, x31); x32 = av.fma(b2v, x32); x33 = av.fma(b3v, x33);
        }
        x00.intoArray(c, c0); x01.intoArray(c, c0 + L); x02.intoArray(c, c0 + 2 * L); x03.intoArray(c, c0 + 3 * L);
        x10.intoArray(c, c1); x11.intoArray(c, c1 + L); x12.intoArray(c, c1 + 2 * L); x13.intoArray(c, c1 + 3 * L);
        x20.intoArray(c, c2); x21.intoArray(c, c2 + L); x22.intoArray(c, c2 + 2 * L); x23.intoArray(c, c2 + 3 * L);
        x30.intoArray(c, c3); x31.intoArray(c, c3 + L); x32.intoArray(c, c3 + 2 * L); x33.intoArray(c, c3 + 3 * L);
    }

    /** One row × 4L columns (the row edge of the 4×4 walk). */
    private static void tile1x4(int k, float[] a, int a0, int acs, float[] b, int b0, int ldb,
                                float[] c, int c0, boolean loadC) {
        FloatVector x0 = load(loadC, c, c0), x1 = load(loadC, c, c0 + L), x2 = load(loadC, c, c0 + 2 * L), x3 = load(loadC, c, c0 + 3 * L);
        for (int p = 0; p < k; p++) {
            int bp = b0 + p * ldb;
            FloatVector av = FloatVector.broadcast(S, a[a0 + p * acs]);
            x0 = av.fma(FloatVector.fromArray(S, b, bp), x0);
            x1 = av.fma(FloatVector.fromArray(S, b, bp + L), x1);
            x2 = av.fma(FloatVector.fromArray(S, b, bp + 2 * L), x2);
            x3 = av.fma(FloatVector.fromArray(S, b, bp + 3 * L), x3);
        }
        x0.intoArray(c, c0); x1.intoArray(c, c0 + L); x2.intoArray(c, c0 + 2 * L); x3.intoArray(c, c0 + 3 * L);
    }

    /** Four rows × two vectors, the second one masked: the column edge. */
    private static void tile4x2(int k, float[] a, int a0, int ars, int acs, float[] b, int b0, int ldb,
                                float[] c, int c0, int ldc, boolean loadC, VectorMask<Float> mask) {
        int c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        FloatVector x00 = load(loadC, c, c0), x01 = load(loadC, c, c0 + L, mask);
        FloatVector x10 = load(loadC, c, c1), x11 = load(loadC, c, c1 + L, mask);
        FloatVector x20 = load(loadC, c, c2), x21 = load(loadC, c, c2 + L, mask);
        FloatVector x30 = load(loadC, c, c3), x31 = load(loadC, c, c3 + L, mask);
        int r1 = a0 + ars, r2 = r1 + ars, r3 = r2 + ars;
        for (int p = 0; p < k; p++) {
            int ap = p * acs;
            int bp = b0 + p * ldb;
            FloatVector b0v = FloatVector.fromArray(S, b, bp);
            FloatVector b1v = FloatVector.fromArray(S, b, bp + L, mask);
            FloatVector av = FloatVector.broadcast(S, a[a0 + ap]);
            x00 = av.fma(b0v, x00); x01 = av.fma(b1v, x01);
            av = FloatVector.broadcast(S, a[r1 + ap]);
            x10 = av.fma(b0v, x10); x11 = av.fma(b1v, x11);
            av = FloatVector.broadcast(S, a[r2 + ap]);
            x20 = av.fma(b0v, x20); x21 = av.fma(b1v, x21);
            av = FloatVector.broadcast(S, a[r3 + ap]);
            x30 = av.fma(b0v, x30); x31 = av.fma(b1v, x31);
        }
        x00.intoArray(c, c0); x01.intoArray(c, c0 + L, mask);
        x10.intoArray(c, c1); x11.intoArray(c, c1 + L, mask);
        x20.intoArray(c, c2); x21.intoArray(c, c2 + L, mask);
        x30.intoArray(c, c3); x31.intoArray(c, c3 + L, mask);
    }

    /** Four rows × three vectors, the third one masked: the column edge. */
    private static void tile4x3(int k, float[] a, int a0, int ars, int acs, float[] b, int b0, int ldb,
                                float[] c, int c0, int ldc, boolean loadC, VectorMask<Float> mask) {
        int c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        FloatVector x00 = load(loadC, c, c0), x01 = load(loadC, c, c0 + L), x02 = load(loadC, c, c0 + 2 * L, mask);
        FloatVector x10 = load(loadC, c, c1), x11 = load(loadC, c, c1 + L), x12 = load(loadC, c, c1 + 2 * L, mask);
        FloatVector x20 = load(loadC, c, c2), x21 = load(loadC, c, c2 + L), x22 = load(loadC, c, c2 + 2 * L, mask);
        FloatVector x30 = load(loadC, c, c3), x31 = load(loadC, c, c3 + L), x32 = load(loadC, c, c3 + 2 * L, mask);
        int r1 = a0 + ars, r2 = r1 + ars, r3 = r2 + ars;
        for (int p = 0; p < k; p++) {
            int ap = p * acs;
            int bp = b0 + p * ldb;
            FloatVector b0v = FloatVector.fromArray(S, b, bp);
            FloatVector b1v = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2v = FloatVector.fromArray(S, b, bp + 2 * L, mask);
            FloatVector av = FloatVector.broadcast(S, a[a0 + ap]);
            x00 = av.fma(b0v, x00); x01 = av.fma(b1v, x01); x02 = av.fma(b2v, x02);
            av = FloatVector.broadcast(S, a[r1 + ap]);
            x10 = av.fma(b0v, x10); x11 = av.fma(b1v, x11); x12 = av.fma(b2v, x12);
            av = FloatVector.broadcast(S, a[r2 + ap]);
            x20 = av.fma(b0v, x20); x21 = av.fma(b1v, x21); x22 = av.fma(b2v, x22);
            av = FloatVector.broadcast(S, a[r3 + ap]);
            x30 = av.fma(b0v, x30); x31 = av.fma(b1v, x31); x32 = av.fma(b2v, x32);
        }
        x00.intoArray(c, c0); x01.intoArray(c, c0 + L); x02.intoArray(c, c0 + 2 * L, mask);
        x10.intoArray(c, c1); x11.intoArray(c, c1 + L); x12.intoArray(c, c1 + 2 * L, mask);
        x20.intoArray(c, c2); x21.intoArray(c, c2 + L); x22.intoArray(c, c2 + 2 * L, mask);
        x30.intoArray(c, c3); x31.intoArray(c, c3 + L); x32.intoArray(c, c3 + 2 * L, mask);
    }

    /** Four rows × one (possibly partial) vector: the column edge. */
    private static void tile4x1(int k, float[] a, int a0, int ars, int acs, float[] b, int b0, int ldb,
                                float[] c, int c0, int ldc, boolean loadC, VectorMask<Float> mask) {
        int c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        FloatVector x0 = load(loadC, c, c0, mask), x1 = load(loadC, c, c1, mask);
        FloatVector x2 = load(loadC, c, c2, mask), x3 = load(loadC, c, c3, mask);
        int r1 = a0 + ars, r2 = r1 + ars, r3 = r2 + ars;
        for (int p = 0; p < k; p++) {
            int ap = p * acs;
            FloatVector bv = FloatVector.fromArray(S, b, b0 + p * ldb, mask);
            x0 = FloatVector.broadcast(S, a[a0 + ap]).fma(bv, x0);
            x1 = FloatVector.broadcast(S, a[r1 + ap]).fma(bv, x1);
            x2 = FloatVector.broadcast(S, a[r2 + ap]).fma(bv, x2);
            x3 = FloatVector.broadcast(S, a[r3 + ap]).fma(bv, x3);
        }
        x0.intoArray(c, c0, mask); x1.intoArray(c, c1, mask); x2.intoArray(c, c2, mask); x3.intoArray(c, c3, mask);
    }

    private static void tile1x1(int k, float[] a, int a0, int acs, float[] b, int b0, int ldb,
                                float[] c, int c0, boolean loadC, VectorMask<Float> mask) {
        FloatVector x = load(loadC, c, c0, mask);
        for (int p = 0; p < k; p++) {
            x = FloatVector.broadcast(S, a[a0 + p * acs]).fma(FloatVector.fromArray(S, b, b0 + p * ldb, mask), x);
        }
        x.intoArray(c, c0, mask);
    }

    private static FloatVector load(boolean loadC, float[] c, int off) {
        return loadC ? FloatVector.fromArray(S, c, off) : FloatVector.zero(S);
    }

    private static FloatVector load(boolean loadC, float[] c, int off, VectorMask<Float> mask) {
        return loadC ? FloatVector.fromArray(S, c, off, mask) : FloatVector.zero(S);
    }

    /** In place act() on a rows × width block; width ≤ 4L. A no-op for the identity. */
    private static void activateRows(Activation act, int rows, int width, float[] c, int c0, int ldc) {
        if (act == Activation.IDENTITY) {
            return;
        }
        for (int r = 0; r < rows; r++) {
            int row = c0 + r * ldc;
            for (int j = 0; j < width; j += L) {
                VectorMask<Float> mask = S.indexInRange(j, width);
                activate(FloatVector.fromArray(S, c, row + j, mask), act).intoArray(c, row + j, mask);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ activations

    static FloatVector activate(FloatVector z, Activation act) {
        return switch (act) {
            case IDENTITY -> z;
            case RELU -> z.max(0f);
            case SIGMOID -> ONE.div(exp(z.neg()).add(1f));
            case TANH -> tanh(z);
            case SOFTSIGN -> z.div(z.abs().add(1f));
        };
    }

    /**
     * {@link Transcendentals#exp} lane by lane, step for step (same operations, same order), so the bits equal the
     * scalar reference's in every JIT tier. The Vector API's own EXP changes its bits when C2 takes over.
     */
    static FloatVector exp(FloatVector arg) {
        // Lane for lane the steps of Transcendentals.exp (same operations, same order, so the same bits).
        FloatVector x = arg.min(Transcendentals.EXP_HI);
        FloatVector k = x.fma(Transcendentals.LOG2E, Transcendentals.ROUND_MAGIC);
        FloatVector t = k.sub(Transcendentals.ROUND_MAGIC);
        FloatVector r = t.fma(NEG_LN2_LO, t.fma(NEG_LN2_HI, x));
        FloatVector r2 = r.mul(r);
        FloatVector p = r.fma(Transcendentals.P0, Transcendentals.P1).fma(r2, r.fma(Transcendentals.P2, Transcendentals.P3))
                .fma(r2, r.fma(Transcendentals.P4, Transcendentals.P5));
        FloatVector y = p.fma(r2, r).add(1f);
        FloatVector scale = k.reinterpretAsInts().sub(Transcendentals.ROUND_MAGIC_BITS_MINUS_BIAS)
                .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return y.mul(scale).blend(0f, arg.compare(VectorOperators.LT, Transcendentals.EXP_LO))
                .blend(Float.POSITIVE_INFINITY, arg.compare(VectorOperators.GT, Transcendentals.EXP_OVERFLOW));
    }

    /** {@link Transcendentals#tanh}, lane by lane. */
    static FloatVector tanh(FloatVector x) {
        FloatVector z = x.abs();
        FloatVector large = ONE.sub(FloatVector.broadcast(S, 2f).div(exp(z.min(Transcendentals.TANH_SATURATE).mul(2f)).add(1f)));
        large = large.blend(large.neg(), x.compare(VectorOperators.LT, 0f));
        FloatVector s = x.mul(x);
        FloatVector small = s.mul(Transcendentals.T0).add(Transcendentals.T1).mul(s).add(Transcendentals.T2).mul(s)
                .add(Transcendentals.T3).mul(s).add(Transcendentals.T4).mul(s).mul(x).add(x);
        return small.blend(large, z.compare(VectorOperators.GT, Transcendentals.TANH_SMALL));
    }

    static FloatVector derivativeTimes(Activation act, FloatVector y, FloatVector dy) {
        return switch (act) {
            case IDENTITY -> dy;
            case RELU -> dy.blend(0f, y.compare(VectorOperators.LE, 0f));
            case SIGMOID -> dy.mul(y).mul(y.neg().add(1f));
            case TANH -> dy.mul(y.mul(y).neg().add(1f));
            case SOFTSIGN -> {
                FloatVector t = y.abs().neg().add(1f);
                yield dy.mul(t).mul(t);
            }
        };
    }

    @Override
    public void biasAct(int m, int n, float[] c, int cOff, int ldc, float[] bias, int biasOff, Activation act) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j += L) {
                VectorMask<Float> mask = S.indexInRange(j, n);
                FloatVector z = FloatVector.fromArray(S, c, ci + j, mask);
                if (bias != null) {
                    z = z.add(FloatVector.fromArray(S, bias, biasOff + j, mask));
                }
                activate(z, act).intoArray(c, ci + j, mask);
            }
        }
    }

    @Override
    public void activationBackward(Activation act, float[] y, int yOff, float[] dy, int dyOff, float[] dz, int dzOff, int count) {
        int i = 0;
        for (int bound = S.loopBound(count); i < bound; i += L) {
            FloatVector yv = FloatVector.fromArray(S, y, yOff + i);
            FloatVector gv = FloatVector.fromArray(S, dy, dyOff + i);
            derivativeTimes(act, yv, gv).intoArray(dz, dzOff + i);
        }
        ScalarKernels.INSTANCE.activationBackward(act, y, yOff + i, dy, dyOff + i, dz, dzOff + i, count - i);
    }

    @Override
    public void columnSums(int m, int n, float[] src, int srcOff, int ld, float[] dst, int dstOff, boolean accumulate) {
        for (int j = 0; j < n; j += L) {
            VectorMask<Float> mask = S.indexInRange(j, n);
            FloatVector s = accumulate ? FloatVector.fromArray(S, dst, dstOff + j, mask) : FloatVector.zero(S);
            for (int i = 0, si = srcOff + j; i < m; i++, si += ld) {
                s = s.add(FloatVector.fromArray(S, src, si, mask));
            }
            s.intoArray(dst, dstOff + j, mask);
        }
    }

    @Override
    public void transpose(int rows, int cols, float[] src, int srcOff, int lds, float[] dst, int dstOff, int ldd) {
        // 8×8 blocks keep both the reads and the writes within a few cache lines; a pure copy, so scalar is fine.
        final int blk = 8;
        for (int r0 = 0; r0 < rows; r0 += blk) {
            int r1 = Math.min(rows, r0 + blk);
            for (int c0 = 0; c0 < cols; c0 += blk) {
                int c1 = Math.min(cols, c0 + blk);
                for (int r = r0; r < r1; r++) {
                    for (int c = c0; c < c1; c++) {
                        dst[dstOff + c * ldd + r] = src[srcOff + r * lds + c];
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------ lane layout

    // Lane buffers have a leading dimension rounded up to whole vectors (Buffers.roundUp), so every access here is a
    // full, unmasked vector: the padding lanes compute harmless values from padding inputs and are zeroed in dz
    // before any sum. Masked loads are avoided on purpose: in methods this size C2 gives up intrinsifying them and
    // falls back to per-lane Java code.

    @Override
    public void laneDenseForward(int in, int out, int rows, float[] x, int ldx, float[] p, int wOff, int bOff,
                                 Activation act, float[] y, int ldy) {
        for (int rb = 0; rb < rows; rb += L) {
            for (int j = 0; j < out; j++) {
                FloatVector z = FloatVector.broadcast(S, p[bOff + j]);
                for (int i = 0, xi = rb, wi = wOff + j; i < in; i++, xi += ldx, wi += out) {
                    z = FloatVector.fromArray(S, x, xi).fma(FloatVector.broadcast(S, p[wi]), z);
                }
                activate(z, act).intoArray(y, j * ldy + rb);
            }
        }
    }

    @Override
    public void laneDenseBackward(int in, int out, int rows, float[] x, int ldx, float[] y, int ldy, float[] dy, int lddy,
                                  float[] p, int wOff, float[] g, int gwOff, int gbOff, Activation act, float[] dx, int lddx) {
        for (int j = 0; j < out; j++) {
            FloatVector gb = FloatVector.zero(S);
            for (int rb = 0; rb < rows; rb += L) {
                FloatVector dz = derivativeTimes(act, FloatVector.fromArray(S, y, j * ldy + rb),
                        FloatVector.fromArray(S, dy, j * lddy + rb));
                if (rows - rb < L) {
                    dz = dz.blend(0f, IOTA.compare(VectorOperators.GE, (float) (rows - rb)));   // padding rows: 0
                }
                dz.intoArray(dy, j * lddy + rb);
                gb = gb.add(dz);
            }
            g[gbOff + j] = sumLanes(gb);
        }
        for (int i = 0; i < in; i++) {
            for (int j = 0; j < out; j++) {
                FloatVector acc = FloatVector.zero(S);
                for (int rb = 0; rb < rows; rb += L) {
                    acc = FloatVector.fromArray(S, x, i * ldx + rb).fma(FloatVector.fromArray(S, dy, j * lddy + rb), acc);
                }
                g[gwOff + i * out + j] = sumLanes(acc);
            }
        }
        if (dx != null) {
            for (int rb = 0; rb < rows; rb += L) {
                for (int i = 0; i < in; i++) {
                    FloatVector acc = FloatVector.zero(S);
                    for (int j = 0, wi = wOff + i * out; j < out; j++, wi++) {
                        acc = FloatVector.fromArray(S, dy, j * lddy + rb).fma(FloatVector.broadcast(S, p[wi]), acc);
                    }
                    acc.intoArray(dx, i * lddx + rb);
                }
            }
        }
    }

    @Override
    public double laneSoftmaxCrossEntropy(int classes, int rows, float[] z, int ldz, int[] labels, int labelOff,
                                          float[] dz, int lddz, float gradScale) {
        // Every lane is a row: the softmax runs across the class vectors, so no lane reduction is needed at all.
        // Sums over classes go left to right as in the scalar reference, so the two agree bit for bit.
        double loss = 0;
        for (int rb = 0; rb < rows; rb += L) {
            int valid = Math.min(L, rows - rb);
            FloatVector label = labelVector(labels, labelOff + rb, valid);
            FloatVector max = FloatVector.fromArray(S, z, rb);
            for (int c = 1; c < classes; c++) {
                max = max.max(FloatVector.fromArray(S, z, c * ldz + rb));
            }
            FloatVector sum = FloatVector.zero(S);
            FloatVector picked = FloatVector.zero(S);
            for (int c = 0; c < classes; c++) {
                FloatVector shifted = FloatVector.fromArray(S, z, c * ldz + rb).sub(max);
                FloatVector e = exp(shifted);
                e.intoArray(dz, c * lddz + rb);
                sum = sum.add(e);
                picked = picked.blend(shifted, label.compare(VectorOperators.EQ, (float) c));
            }
            FloatVector inv = ONE.div(sum);
            VectorMask<Float> padding = IOTA.compare(VectorOperators.GE, (float) valid);
            for (int c = 0; c < classes; c++) {
                FloatVector hot = FloatVector.zero(S).blend(1f, label.compare(VectorOperators.EQ, (float) c));
                FloatVector p = FloatVector.fromArray(S, dz, c * lddz + rb).mul(inv).sub(hot);
                p.mul(gradScale).blend(0f, padding).intoArray(dz, c * lddz + rb);
            }
            loss += blockLoss(sum, picked, valid);
        }
        return loss;
    }

    @Override
    public double laneSquaredError(int rows, float[] y, int[] labels, int labelOff, float[] dy, float gradScale) {
        for (int rb = 0; rb < rows; rb += L) {
            int valid = Math.min(L, rows - rb);
            FloatVector d = FloatVector.fromArray(S, y, rb).sub(labelVector(labels, labelOff + rb, valid));
            d.mul(gradScale).blend(0f, IOTA.compare(VectorOperators.GE, (float) valid)).intoArray(dy, rb);
        }
        // The loss is off the weights' dependency chain: summed row by row in double as in the scalar reference.
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            float d = y[r] - labels[labelOff + r];
            loss += (double) d * d;
        }
        return loss;
    }

    /**
     * Σ over the valid lanes of −log p[label] = log Σexp − (z_label − max). One log per block of rows, of the
     * product of the sums: each sum lies in [1, classes] after the max shift, so the product of ≤ 16 of them stays
     * far inside the double range, and a log per row would cost more than the whole forward pass of a tiny net.
     * (Through arrays: lane(i) with a variable i is not intrinsified and would box the vector.)
     */
    private static double blockLoss(FloatVector sum, FloatVector picked, int valid) {
        float[] sums = new float[L];
        float[] picks = new float[L];
        sum.intoArray(sums, 0);
        picked.intoArray(picks, 0);
        double product = 1;
        double pickedTotal = 0;
        for (int i = 0; i < valid; i++) {
            product *= sums[i];
            pickedTotal += picks[i];
        }
        return Math.log(product) - pickedTotal;
    }

    /** Labels of rows [off, off + valid) as floats in lanes; padding lanes get −1 (matching no class). */
    private static FloatVector labelVector(int[] labels, int off, int valid) {
        float[] f = new float[L];
        for (int i = 0; i < L; i++) {
            f[i] = i < valid ? labels[off + i] : -1f;
        }
        return FloatVector.fromArray(S, f, 0);
    }

    // ------------------------------------------------------------------------------------------ softmax + CE

    @Override
    public double softmaxCrossEntropy(int m, int n, float[] logits, int lOff, int[] labels, int labelOff,
                                      float[] grad, int gOff, float gradScale) {
        if (n > L) {
            return ScalarKernels.INSTANCE.softmaxCrossEntropy(m, n, logits, lOff, labels, labelOff, grad, gOff, gradScale);
        }
        // One masked vector per row (the 10 classes fit one register): max, exp, sum, loss and gradient in registers.
        VectorMask<Float> mask = S.indexInRange(0, n);
        double loss = 0;
        for (int i = 0; i < m; i++) {
            FloatVector z = FloatVector.fromArray(S, logits, lOff + i * n, mask);
            float max = z.reduceLanes(VectorOperators.MAX, mask);
            FloatVector e = exp(z.sub(max)).blend(0f, mask.not());
            float sum = sumLanes(e);
            int label = labels[labelOff + i];
            loss += Math.log(sum) - (logits[lOff + i * n + label] - max);
            VectorMask<Float> hot = IOTA.compare(VectorOperators.EQ, (float) label);
            e.mul(1f / sum).lanewise(VectorOperators.SUB, 1f, hot).mul(gradScale).intoArray(grad, gOff + i * n, mask);
        }
        return loss;
    }

    @Override
    public void softmax(int m, int n, float[] z, int off) {
        if (n > L) {
            ScalarKernels.INSTANCE.softmax(m, n, z, off);
            return;
        }
        VectorMask<Float> mask = S.indexInRange(0, n);
        for (int i = 0; i < m; i++) {
            FloatVector v = FloatVector.fromArray(S, z, off + i * n, mask);
            float max = v.reduceLanes(VectorOperators.MAX, mask);
            FloatVector e = exp(v.sub(max)).blend(0f, mask.not());
            e.mul(1f / sumLanes(e)).intoArray(z, off + i * n, mask);
        }
    }

    // ------------------------------------------------------------------------------------------ flat ranges

    @Override
    public double sumOfSquares(float[] x, int off, int count) {
        // Float partial sums per 1024-element block, folded into a double in a fixed lane order, so that the
        // result is reproducible and does not lose precision on million-element gradients.
        double total = 0;
        float[] lanes = new float[L];
        for (int start = 0; start < count; start += 1024) {
            int end = Math.min(count, start + 1024);
            FloatVector acc = FloatVector.zero(S);
            int i = start;
            for (int bound = start + S.loopBound(end - start); i < bound; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, off + i);
                acc = v.fma(v, acc);
            }
            acc.intoArray(lanes, 0);
            for (float f : lanes) {
                total += f;
            }
            total += ScalarKernels.INSTANCE.sumOfSquares(x, off + i, end - i);
        }
        return total;
    }

    @Override
    public void scale(float[] x, int off, int count, float s) {
        int i = 0;
        for (int bound = S.loopBound(count); i < bound; i += L) {
            FloatVector.fromArray(S, x, off + i).mul(s).intoArray(x, off + i);
        }
        ScalarKernels.INSTANCE.scale(x, off + i, count - i, s);
    }

    @Override
    public void multiply(float[] x, int off, float[] mask, int maskOff, int count) {
        int i = 0;
        for (int bound = S.loopBound(count); i < bound; i += L) {
            FloatVector.fromArray(S, x, off + i).mul(FloatVector.fromArray(S, mask, maskOff + i)).intoArray(x, off + i);
        }
        ScalarKernels.INSTANCE.multiply(x, off + i, mask, maskOff + i, count - i);
    }

    @Override
    public void sgdStep(float[] w, float[] g, int off, int count, float lr, float weightDecay) {
        int i = off;
        for (int bound = off + S.loopBound(count); i < bound; i += L) {
            FloatVector wv = FloatVector.fromArray(S, w, i);
            FloatVector gv = FloatVector.fromArray(S, g, i);
            if (weightDecay != 0f) {
                gv = gv.add(wv.mul(weightDecay));
            }
            wv.sub(gv.mul(lr)).intoArray(w, i);
        }
        ScalarKernels.INSTANCE.sgdStep(w, g, i, off + count - i, lr, weightDecay);
    }

    @Override
    public void momentumStep(float[] w, float[] g, float[] v, int off, int count, float lr, float momentum,
                             float weightDecay, boolean nesterov) {
        int i = off;
        for (int bound = off + S.loopBound(count); i < bound; i += L) {
            FloatVector wv = FloatVector.fromArray(S, w, i);
            FloatVector gv = FloatVector.fromArray(S, g, i).add(wv.mul(weightDecay));
            FloatVector vv = FloatVector.fromArray(S, v, i).mul(momentum).add(gv);
            vv.intoArray(v, i);
            FloatVector step = nesterov ? gv.add(vv.mul(momentum)) : vv;
            wv.sub(step.mul(lr)).intoArray(w, i);
        }
        ScalarKernels.INSTANCE.momentumStep(w, g, v, i, off + count - i, lr, momentum, weightDecay, nesterov);
    }

    @Override
    public void adamStep(float[] w, float[] g, float[] m, float[] v, int off, int count, float lr, float beta1,
                         float beta2, float eps, float bc1, float bc2, float weightDecay) {
        int i = off;
        for (int bound = off + S.loopBound(count); i < bound; i += L) {
            FloatVector wv = FloatVector.fromArray(S, w, i);
            FloatVector gv = FloatVector.fromArray(S, g, i).add(wv.mul(weightDecay));
            FloatVector mv = FloatVector.fromArray(S, m, i).mul(beta1).add(gv.mul(1f - beta1));
            FloatVector vv = FloatVector.fromArray(S, v, i).mul(beta2).add(gv.mul(gv).mul(1f - beta2));
            mv.intoArray(m, i);
            vv.intoArray(v, i);
            FloatVector denom = vv.div(bc2).sqrt().add(eps);
            wv.sub(mv.div(bc1).div(denom).mul(lr)).intoArray(w, i);
        }
        ScalarKernels.INSTANCE.adamStep(w, g, m, v, i, off + count - i, lr, beta1, beta2, eps, bc1, bc2, weightDecay);
    }
}
