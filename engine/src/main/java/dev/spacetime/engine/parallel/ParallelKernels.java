package dev.spacetime.engine.parallel;

import dev.spacetime.engine.kernel.Activation;
import dev.spacetime.engine.kernel.Kernels;

/**
 * Kernels that split large operations across a {@link WorkerPool}: GEMMs by output rows, parameter updates by
 * ranges. Small operations run on the caller, where a hand-off would cost more than it saves. Because every output
 * element is computed by the same FMA chain whatever the split (the {@link Kernels} contract), results are
 * bit-identical for any thread count.
 */
public final class ParallelKernels implements Kernels {

    /** Below this many FLOPs (≈ 3 µs of one core; a hand-off costs well under 1 µs) a GEMM stays on the caller. */
    private static final long MIN_PARALLEL_FLOPS = 1L << 19;
    /** Row splits are multiples of the micro-kernel height, so each part keeps full 4-row tiles. */
    private static final int ROW_ALIGN = 4;
    private static final int MIN_PARALLEL_ELEMENTS = 1 << 15;

    private final Kernels inner;
    private final WorkerPool pool;

    public ParallelKernels(Kernels inner, WorkerPool pool) {
        this.inner = inner;
        this.pool = pool;
    }

    public Kernels inner() {
        return inner;
    }

    public int threads() {
        return pool.threads();
    }

    @Override
    public String id() {
        return inner.id();
    }

    private int partsFor(int m, long flops) {
        if (pool.threads() == 1 || flops < MIN_PARALLEL_FLOPS || m < 2 * ROW_ALIGN) {
            return 1;
        }
        return pool.threads();
    }

    @Override
    public void gemm(boolean transA, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float[] c, int cOff, int ldc, boolean accumulate) {
        int parts = partsFor(m, 2L * m * n * k);
        if (parts == 1) {
            inner.gemm(transA, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            return;
        }
        int ars = transA ? 1 : lda;
        pool.run(parts, (part, count) -> {
            int from = WorkerPool.rangeStart(m, part, count, ROW_ALIGN);
            int to = WorkerPool.rangeStart(m, part + 1, count, ROW_ALIGN);
            if (to > from) {
                inner.gemm(transA, to - from, n, k, a, aOff + from * ars, lda, b, bOff, ldb,
                        c, cOff + from * ldc, ldc, accumulate);
            }
        });
    }

    @Override
    public void gemmBiasAct(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float[] bias, int biasOff, float[] c, int cOff, int ldc, Activation act) {
        int parts = partsFor(m, 2L * m * n * k);
        if (parts == 1) {
            inner.gemmBiasAct(m, n, k, a, aOff, lda, b, bOff, ldb, bias, biasOff, c, cOff, ldc, act);
            return;
        }
        pool.run(parts, (part, count) -> {
            int from = WorkerPool.rangeStart(m, part, count, ROW_ALIGN);
            int to = WorkerPool.rangeStart(m, part + 1, count, ROW_ALIGN);
            if (to > from) {
                inner.gemmBiasAct(to - from, n, k, a, aOff + from * lda, lda, b, bOff, ldb, bias, biasOff,
                        c, cOff + from * ldc, ldc, act);
            }
        });
    }

    @Override
    public void biasAct(int m, int n, float[] c, int cOff, int ldc, float[] bias, int biasOff, Activation act) {
        inner.biasAct(m, n, c, cOff, ldc, bias, biasOff, act);
    }

    @Override
    public void activationBackward(Activation act, float[] y, int yOff, float[] dy, int dyOff, float[] dz, int dzOff, int count) {
        inner.activationBackward(act, y, yOff, dy, dyOff, dz, dzOff, count);
    }

    @Override
    public void columnSums(int m, int n, float[] src, int srcOff, int ld, float[] dst, int dstOff, boolean accumulate) {
        inner.columnSums(m, n, src, srcOff, ld, dst, dstOff, accumulate);
    }

    @Override
    public void transpose(int rows, int cols, float[] src, int srcOff, int lds, float[] dst, int dstOff, int ldd) {
        inner.transpose(rows, cols, src, srcOff, lds, dst, dstOff, ldd);
    }

    @Override
    public double softmaxCrossEntropy(int m, int n, float[] logits, int lOff, int[] labels, int labelOff,
                                      float[] grad, int gOff, float gradScale) {
        return inner.softmaxCrossEntropy(m, n, logits, lOff, labels, labelOff, grad, gOff, gradScale);
    }

    @Override
    public void softmax(int m, int n, float[] z, int off) {
        inner.softmax(m, n, z, off);
    }

    @Override
    public void laneDenseForward(int in, int out, int rows, float[] x, int ldx, float[] p, int wOff, int bOff,
                                 Activation act, float[] y, int ldy) {
        inner.laneDenseForward(in, out, rows, x, ldx, p, wOff, bOff, act, y, ldy);
    }

    @Override
    public void laneDenseBackward(int in, int out, int rows, float[] x, int ldx, float[] y, int ldy, float[] dy, int lddy,
                                  float[] p, int wOff, float[] g, int gwOff, int gbOff, Activation act, float[] dx, int lddx) {
        inner.laneDenseBackward(in, out, rows, x, ldx, y, ldy, dy, lddy, p, wOff, g, gwOff, gbOff, act, dx, lddx);
    }

    @Override
    public double laneSquaredError(int rows, float[] y, int[] labels, int labelOff, float[] dy, float gradScale) {
        return inner.laneSquaredError(rows, y, labels, labelOff, dy, gradScale);
    }

    @Override
    public double laneSoftmaxCrossEntropy(int classes, int rows, float[] z, int ldz, int[] labels, int labelOff,
                                          float[] dz, int lddz, float gradScale) {
        return inner.laneSoftmaxCrossEntropy(classes, rows, z, ldz, labels, labelOff, dz, lddz, gradScale);
    }

    @Override
    public double sumOfSquares(float[] x, int off, int count) {
        return inner.sumOfSquares(x, off, count);
    }

    @Override
    public void scale(float[] x, int off, int count, float s) {
        forRanges(off, count, (from, len) -> inner.scale(x, from, len, s));
    }

    @Override
    public void multiply(float[] x, int off, float[] mask, int maskOff, int count) {
        forRanges(off, count, (from, len) -> inner.multiply(x, from, mask, maskOff + (from - off), len));
    }

    @Override
    public void sgdStep(float[] w, float[] g, int off, int count, float lr, float weightDecay) {
        forRanges(off, count, (from, len) -> inner.sgdStep(w, g, from, len, lr, weightDecay));
    }

    @Override
    public void momentumStep(float[] w, float[] g, float[] v, int off, int count, float lr, float momentum,
                             float weightDecay, boolean nesterov) {
        forRanges(off, count, (from, len) -> inner.momentumStep(w, g, v, from, len, lr, momentum, weightDecay, nesterov));
    }

    @Override
    public void adamStep(float[] w, float[] g, float[] m, float[] v, int off, int count, float lr, float beta1,
                         float beta2, float eps, float bc1, float bc2, float weightDecay) {
        forRanges(off, count, (from, len) -> inner.adamStep(w, g, m, v, from, len, lr, beta1, beta2, eps, bc1, bc2, weightDecay));
    }

    private interface Range {
        void run(int from, int length);
    }

    /** Element-wise work over [off, off+count): ranges aligned to 64 elements so that vector tails stay at the end. */
    private void forRanges(int off, int count, Range r) {
        if (pool.threads() == 1 || count < MIN_PARALLEL_ELEMENTS) {
            r.run(off, count);
            return;
        }
        pool.run(pool.threads(), (part, parts) -> {
            int from = WorkerPool.rangeStart(count, part, parts, 64);
            int to = WorkerPool.rangeStart(count, part + 1, parts, 64);
            if (to > from) {
                r.run(off + from, to - from);
            }
        });
    }
}
