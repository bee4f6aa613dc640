package dev.spacetime.engine.kernel;

/**
 * The numeric operations every model is built from. Implementations are stateless and thread-safe: callers own all
 * buffers. Matrices are row-major {@code float[]} slices described BLAS-style by an offset and a leading dimension,
 * so a layer can address a column block of a wider state (Sequential2D) without copying.
 *
 * <p>Contract shared by all implementations, relied on for determinism: every output element of {@link #gemm} is
 * one fused-multiply-add chain over k in increasing order. Its value therefore does not depend on how the output is
 * tiled or split across threads, and splitting rows across workers gives bit-identical results.
 *
 * <p>Shapes: {@code m} rows of output, {@code n} columns of output, {@code k} the reduced dimension.
 */
public interface Kernels {

    /** A short id for reports, e.g. {@code scalar} or {@code vector-512}. */
    String id();

    /**
     * C[m×n] (+)= op(A)·B. op(A) = A stored m×k (lda ≥ k), or with {@code transA} Aᵀ where A is stored k×m
     * (lda ≥ m). B is stored k×n (ldb ≥ n). With {@code accumulate} false C is overwritten.
     */
    void gemm(boolean transA, int m, int n, int k,
              float[] a, int aOff, int lda,
              float[] b, int bOff, int ldb,
              float[] c, int cOff, int ldc, boolean accumulate);

    /**
     * Fused dense forward: C[m×n] = act(A[m×k]·B[k×n] + bias[n]). The bias seeds the accumulators and the
     * activation is applied on the way out, so C is written once.
     */
    void gemmBiasAct(int m, int n, int k,
                     float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float[] bias, int biasOff,
                     float[] c, int cOff, int ldc, Activation act);

    /** In place: C[m×n] = act(C + bias[n]). Used after several accumulated GEMMs (block maps). */
    void biasAct(int m, int n, float[] c, int cOff, int ldc, float[] bias, int biasOff, Activation act);

    /** dz[i] = act'(y[i]) · dy[i] for i in [0, count); dz may alias dy. */
    void activationBackward(Activation act, float[] y, int yOff, float[] dy, int dyOff, float[] dz, int dzOff, int count);

    /** dst[j] (+)= Σ_i src[i, j] over m rows, summed in row order (bias gradients). */
    void columnSums(int m, int n, float[] src, int srcOff, int ld, float[] dst, int dstOff, boolean accumulate);

    /** dst[cols×rows] = src[rows×cols]ᵀ, with leading dimensions {@code lds} (≥ cols) and {@code ldd} (≥ rows). */
    void transpose(int rows, int cols, float[] src, int srcOff, int lds, float[] dst, int dstOff, int ldd);

    /**
     * Numerically stable fused softmax + cross-entropy over m rows of n logits. Writes
     * grad = (softmax(z) − onehot(label)) · gradScale and returns Σ over rows of −log softmax(z)[label],
     * accumulated in double in row order.
     */
    double softmaxCrossEntropy(int m, int n, float[] logits, int lOff, int[] labels, int labelOff,
                               float[] grad, int gOff, float gradScale);

    /** In place row softmax (inference). */
    void softmax(int m, int n, float[] z, int off);

    // ---- small layers with the batch across vector lanes ----
    //
    // Lane layout: a buffer [width × ld] holds feature j of row r at j·ld + r, so one vector holds one feature of
    // consecutive rows. For the tiny nets (XOR 2-2-1, Iris 4-8-3) every layer is narrower than a vector, and this
    // layout keeps all lanes busy where the row-major GEMM would leave most of them idle. Rows in [rows, ld) are
    // padding: their outputs are unspecified and they never contribute to gradients.

    /** y[j][r] = act(b[j] + Σ_i x[i][r]·W[i][j]); W [in × out] row-major at wOff and b [out] at bOff in {@code p}. */
    void laneDenseForward(int in, int out, int rows, float[] x, int ldx, float[] p, int wOff, int bOff,
                          Activation act, float[] y, int ldy);

    /**
     * Backward of {@link #laneDenseForward}: dz = act'(y) ⊙ dy (in place in dy), gW[i][j] = Σ_r x[i][r]·dz[j][r],
     * gb[j] = Σ_r dz[j][r] (written, not accumulated, at gwOff/gbOff of {@code g}) and, when dx is not null,
     * dx[i][r] = Σ_j W[i][j]·dz[j][r].
     */
    void laneDenseBackward(int in, int out, int rows, float[] x, int ldx, float[] y, int ldy, float[] dy, int lddy,
                           float[] p, int wOff, float[] g, int gwOff, int gbOff, Activation act, float[] dx, int lddx);

    /**
     * Softmax + cross-entropy in lane layout: z [classes × ld] logits, dz [classes × ld] receives
     * (softmax − onehot)·gradScale for rows [0, rows) and 0 in the padding lanes. Returns Σ over rows of
     * −log softmax(z)[label], in double.
     */
    double laneSoftmaxCrossEntropy(int classes, int rows, float[] z, int ldz, int[] labels, int labelOff,
                                   float[] dz, int lddz, float gradScale);

    /**
     * Squared error of a single output in lane layout: y [1 × ld] the outputs, the labels (0/1) the targets; dy
     * receives (y − t)·gradScale for rows [0, rows) and 0 in the padding lanes. Returns Σ over rows of (y − t)², in
     * double. (Written as whole vectors so that the backward pass, which loads dy as vectors, reads it straight
     * from the store buffer: XOR's step is one dependency chain, and a vector load of four scalar stores stalls.)
     */
    double laneSquaredError(int rows, float[] y, int[] labels, int labelOff, float[] dy, float gradScale);

    // ---- optimizer and utility kernels over flat parameter ranges ----

    /** Σ x[i]² in double. */
    double sumOfSquares(float[] x, int off, int count);

    /** x[i] *= s. */
    void scale(float[] x, int off, int count, float s);

    /** x[i] *= mask[i] (masks are 0/1; keeps pruned weights at exactly zero). */
    void multiply(float[] x, int off, float[] mask, int maskOff, int count);

    /** w -= lr · (g + wd·w). */
    void sgdStep(float[] w, float[] g, int off, int count, float lr, float weightDecay);

    /** v = μ·v + (g + wd·w); w -= lr · (nesterov ? g' + μ·v : v), the PyTorch formulation. */
    void momentumStep(float[] w, float[] g, float[] v, int off, int count,
                      float lr, float momentum, float weightDecay, boolean nesterov);

    /**
     * Adam (Kingma &amp; Ba) with L2-style weight decay folded into the gradient, the PyTorch {@code Adam} formulation:
     * m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²; w -= lr · (m/bc1) / (sqrt(v/bc2) + eps).
     */
    void adamStep(float[] w, float[] g, float[] m, float[] v, int off, int count,
                  float lr, float beta1, float beta2, float eps, float bc1, float bc2, float weightDecay);
}
