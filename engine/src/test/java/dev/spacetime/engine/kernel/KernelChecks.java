package dev.spacetime.engine.kernel;

import dev.spacetime.engine.data.SplitMix64;
import java.util.Arrays;

/**
 * Comparisons of a candidate {@link Kernels} against a reference (the scalar kernels), shared by
 * {@link VectorKernelsTest} (the JVM's preferred width) and {@link ForcedWidthMain} (a child JVM at a forced width).
 * Each check throws an {@link AssertionError} that names the kernel, the shape and the first differing index.
 *
 * <p>Exactness: the {@link Kernels} contract makes every GEMM output element one FMA chain over k in order, and the
 * optimizer steps, {@code columnSums}, {@code transpose}, {@code scale} and {@code multiply} are the same IEEE
 * operations in the same order in both implementations, so those must agree bit for bit, and so must the
 * activations (both use {@code Transcendentals}). Softmax sums its lanes in a butterfly order where the scalar
 * reference sums left to right, so softmax results agree to a few ulps.
 */
public final class KernelChecks {

    /** The sizes the SIMD edges are tested at: every tail length of 128/256/512-bit vectors and 4-row tiles. */
    public static final int[] SIZES = {1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 17, 33, 64, 65, 207};

    private KernelChecks() {
    }

    // ------------------------------------------------------------------------------------------------ data

    static float[] random(SplitMix64 rng, int count, float scale) {
        float[] f = new float[count];
        for (int i = 0; i < count; i++) {
            f[i] = (rng.nextFloat() * 2f - 1f) * scale;
        }
        return f;
    }

    /** A buffer whose every entry is NaN: entries a kernel must not touch stay NaN (Arrays.equals treats NaN = NaN). */
    static float[] sentinel(int count) {
        float[] f = new float[count];
        Arrays.fill(f, Float.NaN);
        return f;
    }

    // ------------------------------------------------------------------------------------------ assertions

    static void assertBitIdentical(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                throw new AssertionError(what + ": first difference at [" + i + "]: reference " + expected[i]
                        + " (0x" + Integer.toHexString(Float.floatToRawIntBits(expected[i])) + ") vs "
                        + actual[i] + " (0x" + Integer.toHexString(Float.floatToRawIntBits(actual[i])) + ")");
            }
        }
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": lengths " + expected.length + " vs " + actual.length);
        }
    }

    /** |e − a| ≤ abs + rel·max(|e|, |a|), entry by entry; NaN only where the reference has NaN. */
    static void assertClose(float[] expected, float[] actual, double abs, double rel, String what) {
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float a = actual[i];
            if (Float.isNaN(e) || Float.isNaN(a)) {
                if (Float.isNaN(e) != Float.isNaN(a)) {
                    throw new AssertionError(what + ": [" + i + "] reference " + e + " vs " + a);
                }
                continue;
            }
            double tol = abs + rel * Math.max(Math.abs(e), Math.abs(a));
            if (!(Math.abs((double) e - a) <= tol)) {
                throw new AssertionError(what + ": [" + i + "] reference " + e + " vs " + a + " (tolerance " + tol + ")");
            }
        }
    }

    static void assertClose(double expected, double actual, double abs, double rel, String what) {
        double tol = abs + rel * Math.max(Math.abs(expected), Math.abs(actual));
        if (!(Math.abs(expected - actual) <= tol)) {
            throw new AssertionError(what + ": reference " + expected + " vs " + actual + " (tolerance " + tol + ")");
        }
    }

    private static String shape(Kernels k, String op, int m, int n, int kk) {
        return k.id() + " " + op + " m=" + m + " n=" + n + " k=" + kk;
    }

    // ------------------------------------------------------------------------------------------------ GEMM

    /**
     * C (+)= op(A)·B with every operand a block inside a wider buffer: A with 3 spare columns (or rows for
     * transA) and an offset, B a column block starting at column 2 of a matrix 7 wider than n, C likewise; the
     * entries outside the blocks are NaN sentinels that must survive.
     */
    public static void gemm(Kernels ref, Kernels cand, boolean transA, int m, int n, int k, boolean accumulate, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        int lda = aCols + 3;
        int aOff = 5;
        float[] a = sentinel(aOff + Math.max(0, aRows) * lda);
        fillBlock(a, aOff, aRows, aCols, lda, rng);
        int ldb = n + 7;
        int bOff = 2 + ldb;              // row 1, column 2 of the wider matrix
        float[] b = sentinel(bOff + k * ldb + 1);
        fillBlock(b, bOff, k, n, ldb, rng);
        int ldc = n + 5;
        int cOff = 3;
        float[] c0 = sentinel(cOff + m * ldc);
        fillBlock(c0, cOff, m, n, ldc, rng);
        float[] cRef = c0.clone();
        float[] cCand = c0.clone();
        ref.gemm(transA, m, n, k, a, aOff, lda, b, bOff, ldb, cRef, cOff, ldc, accumulate);
        cand.gemm(transA, m, n, k, a, aOff, lda, b, bOff, ldb, cCand, cOff, ldc, accumulate);
        String what = shape(cand, "gemm" + (transA ? "(transA)" : "") + (accumulate ? "(accumulate)" : ""), m, n, k);
        assertBitIdentical(cRef, cCand, what);
        assertSentinelsIntact(cCand, cOff, m, n, ldc, what);
    }

    /** C = act(A·B + bias), same block layout as {@link #gemm}. */
    public static void gemmBiasAct(Kernels ref, Kernels cand, Activation act, int m, int n, int k, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        int lda = k + 3;
        float[] a = sentinel(1 + m * lda);
        fillBlock(a, 1, m, k, lda, rng);
        int ldb = n + 7;
        float[] b = sentinel(2 + k * ldb);
        fillBlock(b, 2, k, n, ldb, rng);
        float[] bias = random(rng, n + 4, 1f);
        int ldc = n + 5;
        float[] cRef = sentinel(4 + m * ldc);
        float[] cCand = cRef.clone();
        ref.gemmBiasAct(m, n, k, a, 1, lda, b, 2, ldb, bias, 3, cRef, 4, ldc, act);
        cand.gemmBiasAct(m, n, k, a, 1, lda, b, 2, ldb, bias, 3, cCand, 4, ldc, act);
        String what = shape(cand, "gemmBiasAct(" + act.id() + ")", m, n, k);
        assertActivationResult(act, cRef, cCand, what);
        assertSentinelsIntact(cCand, 4, m, n, ldc, what);
    }

    /**
     * The GEMM part is exact; identity, relu and softsign are the same IEEE operations in both kernels, so they stay
     * exact; sigmoid and tanh go through the Vector API's exp/tanh.
     */
    private static void assertActivationResult(Activation act, float[] ref, float[] cand, String what) {
        switch (act) {
            case IDENTITY, RELU, SOFTSIGN -> assertBitIdentical(ref, cand, what);
            case SIGMOID, TANH -> assertClose(ref, cand, 2e-7, 4e-6, what);
        }
    }

    private static void fillBlock(float[] dst, int off, int rows, int cols, int ld, SplitMix64 rng) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                dst[off + r * ld + c] = rng.nextFloat() * 2f - 1f;
            }
        }
    }

    private static void assertSentinelsIntact(float[] c, int off, int rows, int cols, int ld, String what) {
        for (int i = 0; i < c.length; i++) {
            int rel = i - off;
            boolean inside = rel >= 0 && rel / ld < rows && rel % ld < cols;
            if (!inside && !Float.isNaN(c[i])) {
                throw new AssertionError(what + ": wrote outside the output block at [" + i + "]");
            }
            if (inside && Float.isNaN(c[i])) {
                throw new AssertionError(what + ": left output element [" + i + "] unwritten");
            }
        }
    }

    // ------------------------------------------------------------------------------------ element-wise

    /** In-place act(C + bias) on a column block, with and without a bias. */
    public static void biasAct(Kernels ref, Kernels cand, Activation act, int m, int n, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        int ldc = n + 3;
        float[] c = sentinel(2 + m * ldc);
        fillBlock(c, 2, m, n, ldc, rng);
        // Scale up so that sigmoid/tanh see their saturated tails and relu sees both signs.
        for (int i = 0; i < c.length; i++) {
            c[i] *= 6f;
        }
        float[] bias = random(rng, n + 1, 2f);
        for (boolean withBias : new boolean[] {true, false}) {
            float[] cRef = c.clone();
            float[] cCand = c.clone();
            ref.biasAct(m, n, cRef, 2, ldc, withBias ? bias : null, 1, act);
            cand.biasAct(m, n, cCand, 2, ldc, withBias ? bias : null, 1, act);
            String what = cand.id() + " biasAct(" + act.id() + (withBias ? "" : ", no bias") + ") m=" + m + " n=" + n;
            assertActivationResult(act, cRef, cCand, what);
            assertSentinelsIntact(cCand, 2, m, n, ldc, what);
        }
    }

    /** dz = act'(y)·dy from outputs y in the activation's range (relu: zeros included, the kink). */
    public static void activationBackward(Kernels ref, Kernels cand, Activation act, int count, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        float[] y = new float[count + 3];
        for (int i = 0; i < y.length; i++) {
            y[i] = act.apply((rng.nextFloat() * 2f - 1f) * 4f);
            if (i % 5 == 0 && act == Activation.RELU) {
                y[i] = 0f;
            }
        }
        float[] dy = random(rng, count + 2, 1.5f);
        float[] dzRef = sentinel(count + 4);
        float[] dzCand = sentinel(count + 4);
        ref.activationBackward(act, y, 3, dy, 1, dzRef, 4, count);
        cand.activationBackward(act, y, 3, dy, 1, dzCand, 4, count);
        String what = cand.id() + " activationBackward(" + act.id() + ") count=" + count;
        // Derivatives are written in terms of y with plain multiplies in both kernels: the same operations.
        assertBitIdentical(dzRef, dzCand, what);
        // In place (dz aliasing dy), as Dense.backward calls it.
        float[] inRef = dy.clone();
        float[] inCand = dy.clone();
        ref.activationBackward(act, y, 3, inRef, 1, inRef, 1, count);
        cand.activationBackward(act, y, 3, inCand, 1, inCand, 1, count);
        assertBitIdentical(inRef, inCand, what + " in place");
    }

    public static void columnSums(Kernels ref, Kernels cand, int m, int n, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        int ld = n + 6;
        float[] src = sentinel(1 + m * ld);
        fillBlock(src, 1, m, n, ld, rng);
        float[] dst0 = random(rng, n + 2, 1f);
        for (boolean accumulate : new boolean[] {false, true}) {
            float[] dRef = dst0.clone();
            float[] dCand = dst0.clone();
            ref.columnSums(m, n, src, 1, ld, dRef, 2, accumulate);
            cand.columnSums(m, n, src, 1, ld, dCand, 2, accumulate);
            assertBitIdentical(dRef, dCand, cand.id() + " columnSums m=" + m + " n=" + n + " accumulate=" + accumulate);
            assertEquals(dst0[0], dCand[0], "columnSums wrote before dstOff");
        }
    }

    public static void transpose(Kernels ref, Kernels cand, int rows, int cols, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        int lds = cols + 2;
        float[] src = sentinel(3 + rows * lds);
        fillBlock(src, 3, rows, cols, lds, rng);
        int ldd = rows + 3;   // a destination stride wider than the rows: the gaps must stay untouched
        float[] dRef = sentinel(1 + cols * ldd + 1);
        float[] dCand = dRef.clone();
        ref.transpose(rows, cols, src, 3, lds, dRef, 1, ldd);
        cand.transpose(rows, cols, src, 3, lds, dCand, 1, ldd);
        String what = cand.id() + " transpose " + rows + "×" + cols;
        assertBitIdentical(dRef, dCand, what);
        assertEquals(src[3 + (rows - 1) * lds + (cols - 1)], dCand[1 + (cols - 1) * ldd + (rows - 1)], what);
        assertEquals(dRef[1 + rows], dCand[1 + rows], what + " wrote into the stride gap");
    }

    // ------------------------------------------------------------------------------------------ softmax

    /**
     * Softmax + cross-entropy over m rows of n logits, labels cycling through 0 and n−1 (the lane edges) and the
     * middle; one row has a huge spread so that max-shifting matters. Loss and gradients agree to exp's accuracy.
     */
    public static void softmaxCrossEntropy(Kernels ref, Kernels cand, int m, int n, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        float[] logits = random(rng, 2 + m * n, 5f);
        if (m > 1) {
            logits[2 + n] = 80f;       // exp(80) overflows float without the max shift
        }
        int[] labels = new int[m + 1];
        for (int i = 0; i < m; i++) {
            labels[1 + i] = switch (i % 3) {
                case 0 -> 0;
                case 1 -> n - 1;
                default -> n / 2;
            };
        }
        float[] gRef = sentinel(3 + m * n);
        float[] gCand = gRef.clone();
        float scale = 1f / m;
        double lossRef = ref.softmaxCrossEntropy(m, n, logits, 2, labels, 1, gRef, 3, scale);
        double lossCand = cand.softmaxCrossEntropy(m, n, logits, 2, labels, 1, gCand, 3, scale);
        String what = cand.id() + " softmaxCrossEntropy m=" + m + " n=" + n;
        if (!Double.isFinite(lossRef)) {
            throw new AssertionError(what + ": the reference loss is not finite: " + lossRef);
        }
        assertClose(lossRef, lossCand, 1e-6, 1e-5, what + " loss");
        // p − 1 cancels: a one-ulp difference in p (~6e-8 near 1, from the lane sum order) is all that may differ.
        assertClose(gRef, gCand, 3e-7 * scale, 1e-5, what + " grad");
        for (int i = 0; i < 3; i++) {
            if (!Float.isNaN(gCand[i])) {
                throw new AssertionError(what + ": wrote before gOff");
            }
        }
    }

    public static void softmax(Kernels ref, Kernels cand, int m, int n, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        float[] z = random(rng, 1 + m * n + 1, 8f);
        float[] zRef = z.clone();
        float[] zCand = z.clone();
        ref.softmax(m, n, zRef, 1);
        cand.softmax(m, n, zCand, 1);
        String what = cand.id() + " softmax m=" + m + " n=" + n;
        assertClose(zRef, zCand, 1e-7, 1e-5, what);
        assertEquals(z[0], zCand[0], what + " touched z[off − 1]");
        assertEquals(z[z.length - 1], zCand[z.length - 1], what + " touched the entry after the last row");
    }

    // ------------------------------------------------------------------------------------- flat ranges

    public static void flatRanges(Kernels ref, Kernels cand, int count, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        float[] x = random(rng, count + 5, 3f);
        String what = cand.id() + " count=" + count;
        double sRef = ref.sumOfSquares(x, 3, count);
        double sCand = cand.sumOfSquares(x, 3, count);
        // The vector kernel keeps float partial sums per lane (up to 256 terms each at 128 bits) before folding
        // them into a double: a relative error of a few 1e-6 at most for positive terms.
        assertClose(sRef, sCand, 0, 2e-5, what + " sumOfSquares");

        float[] a = x.clone();
        float[] b = x.clone();
        ref.scale(a, 3, count, 0.37f);
        cand.scale(b, 3, count, 0.37f);
        assertBitIdentical(a, b, what + " scale");

        float[] mask = new float[count + 2];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = rng.nextInt(2);
        }
        a = x.clone();
        b = x.clone();
        ref.multiply(a, 3, mask, 1, count);
        cand.multiply(b, 3, mask, 1, count);
        assertBitIdentical(a, b, what + " multiply");
    }

    /** SGD, momentum (plain and Nesterov), Adam over [off, off + count), with and without weight decay. */
    public static void optimizerSteps(Kernels ref, Kernels cand, int count, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        int off = 3;
        int len = off + count + 4;
        float[] w = random(rng, len, 1f);
        float[] g = random(rng, len, 0.5f);
        float[] v = random(rng, len, 0.1f);
        float[] m = random(rng, len, 0.1f);
        float[] s = new float[len];
        for (int i = 0; i < len; i++) {
            s[i] = rng.nextFloat() * 0.01f;
        }
        String what = cand.id() + " count=" + count;
        for (float wd : new float[] {0f, 0.01f}) {
            float[] wr = w.clone();
            float[] wc = w.clone();
            ref.sgdStep(wr, g, off, count, 0.05f, wd);
            cand.sgdStep(wc, g, off, count, 0.05f, wd);
            assertBitIdentical(wr, wc, what + " sgdStep wd=" + wd);

            for (boolean nesterov : new boolean[] {false, true}) {
                wr = w.clone();
                wc = w.clone();
                float[] vr = v.clone();
                float[] vc = v.clone();
                for (int step = 0; step < 2; step++) {
                    ref.momentumStep(wr, g, vr, off, count, 0.05f, 0.9f, wd, nesterov);
                    cand.momentumStep(wc, g, vc, off, count, 0.05f, 0.9f, wd, nesterov);
                }
                assertBitIdentical(wr, wc, what + " momentumStep w nesterov=" + nesterov + " wd=" + wd);
                assertBitIdentical(vr, vc, what + " momentumStep v nesterov=" + nesterov + " wd=" + wd);
            }

            wr = w.clone();
            wc = w.clone();
            float[] mr = m.clone();
            float[] mc = m.clone();
            float[] sr = s.clone();
            float[] sc = s.clone();
            for (int t = 1; t <= 2; t++) {
                float bc1 = (float) (1 - Math.pow(0.9, t));
                float bc2 = (float) (1 - Math.pow(0.999, t));
                ref.adamStep(wr, g, mr, sr, off, count, 1e-3f, 0.9f, 0.999f, 1e-8f, bc1, bc2, wd);
                cand.adamStep(wc, g, mc, sc, off, count, 1e-3f, 0.9f, 0.999f, 1e-8f, bc1, bc2, wd);
            }
            assertBitIdentical(wr, wc, what + " adamStep w wd=" + wd);
            assertBitIdentical(mr, mc, what + " adamStep m wd=" + wd);
            assertBitIdentical(sr, sc, what + " adamStep v wd=" + wd);
        }
    }

    private static void assertEquals(float expected, float actual, String what) {
        if (Float.floatToIntBits(expected) != Float.floatToIntBits(actual)) {
            throw new AssertionError(what + ": " + expected + " vs " + actual);
        }
    }

    /**
     * The lane squared error: gradients bit-identical to the reference (and (y − t)·scale by hand), padding lanes in
     * the vectors written 0 (every width has ≥ 4 lanes, so the lane after a row count not divisible by 4 is one), the
     * loss equal to the reference's.
     */
    public static void laneSquaredError(Kernels ref, Kernels cand, int rows, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        int ld = Buffers.roundUp(rows);
        float[] y = random(rng, ld, 1.5f);
        int[] labels = new int[rows + 3];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rng.nextInt(2);
        }
        float scale = 2f / rows;
        float[] dyRef = new float[ld];
        float[] dyCand = sentinel(ld);
        double lossRef = ref.laneSquaredError(rows, y, labels, 3, dyRef, scale);
        double lossCand = cand.laneSquaredError(rows, y, labels, 3, dyCand, scale);
        String what = cand.id() + " laneSquaredError rows=" + rows;
        for (int r = 0; r < rows; r++) {
            assertEquals((y[r] - labels[3 + r]) * scale, dyRef[r], what + " reference dy[" + r + "]");
        }
        assertBitIdentical(Arrays.copyOf(dyRef, rows), Arrays.copyOf(dyCand, rows), what + " dy");
        for (int r = rows; r < ld; r++) {
            // A padding lane in the last vector the kernel wrote is 0; lanes past it (narrower vectors) keep the NaN.
            if (dyCand[r] != 0f && !Float.isNaN(dyCand[r])) {
                throw new AssertionError(what + ": padding lane " + r + " is " + dyCand[r]);
            }
        }
        if (rows % 4 != 0 && Float.isNaN(dyCand[rows])) {
            throw new AssertionError(what + ": the padding lane right after the rows was not zeroed");
        }
        if (lossRef != lossCand) {
            throw new AssertionError(what + ": loss " + lossRef + " vs " + lossCand);
        }
    }

    // ---------------------------------------------------------------------------------- the whole set

    /** Shapes (m, n, k) sampled from {@link #SIZES}: every size on the diagonal and in each position, plus pairs. */
    public static int[][] gemmShapes() {
        java.util.List<int[]> shapes = new java.util.ArrayList<>();
        for (int s : SIZES) {
            shapes.add(new int[] {s, s, s});
            shapes.add(new int[] {s, 7, 5});
            shapes.add(new int[] {3, s, 9});
            shapes.add(new int[] {9, 13, s});
        }
        SplitMix64 rng = new SplitMix64(2024);
        for (int i = 0; i < 24; i++) {
            shapes.add(new int[] {SIZES[rng.nextInt(SIZES.length)], SIZES[rng.nextInt(SIZES.length)],
                    SIZES[rng.nextInt(SIZES.length)]});
        }
        shapes.add(new int[] {129, 1021, 70});
        return shapes.toArray(new int[0][]);
    }

    /**
     * A compact run of every comparison, for the forced-width child JVMs: the edge sizes of that width's tiles
     * (NR = 4 lanes × 4 vectors), k past the 128-long k-slices, every activation.
     */
    public static int runAll(Kernels ref, Kernels cand) {
        int checks = 0;
        int[] sizes = {1, 3, 4, 5, 7, 8, 9, 13, 16, 17, 31, 33, 63, 64, 65};
        long seed = 1;
        for (int s : sizes) {
            for (boolean transA : new boolean[] {false, true}) {
                gemm(ref, cand, transA, s, s, s, false, seed++);
                gemm(ref, cand, transA, 5, s, 9, true, seed++);
                gemm(ref, cand, transA, s, 3, 7, true, seed++);
                checks += 3;
            }
            for (Activation act : Activation.values()) {
                gemmBiasAct(ref, cand, act, s, s + 2, 6, seed++);
                biasAct(ref, cand, act, 3, s, seed++);
                activationBackward(ref, cand, act, s * 3, seed++);
                checks += 3;
            }
            columnSums(ref, cand, 4, s, seed++);
            transpose(ref, cand, s, 9, seed++);
            softmaxCrossEntropy(ref, cand, 5, Math.min(s + 1, 40), seed++);
            softmax(ref, cand, 3, Math.min(s + 1, 40), seed++);
            flatRanges(ref, cand, s * 5, seed++);
            optimizerSteps(ref, cand, s * 5, seed++);
            laneSquaredError(ref, cand, s, seed++);
            checks += 7;
        }
        for (Activation act : Activation.values()) {
            gemmBiasAct(ref, cand, act, 9, 70, 300, seed++);     // k = 300: three k-slices, activation on the last only
            checks++;
        }
        gemm(ref, cand, false, 37, 130, 260, true, seed++);
        gemm(ref, cand, true, 37, 130, 260, false, seed++);
        softmaxCrossEntropy(ref, cand, 7, 3, seed++);
        softmaxCrossEntropy(ref, cand, 7, 10, seed++);
        flatRanges(ref, cand, 5000, seed++);
        optimizerSteps(ref, cand, 4099, seed);
        return checks + 7;
    }
}
