package dev.spacetime.engine.kernel;

/**
 * Kernels of the deep residual stack h ← h + α·act(h·Wᵢ + bᵢ), i = 1..L, width w (2–64), activation softsign | tanh
 * | relu. Stateless and thread-safe; callers own every buffer.
 *
 * <h2>Layouts</h2>
 * <pre>
 * p   parameters, layer after layer: W [w×w] row-major W[j][k] (j = input feature, k = output feature), then b [w];
 *     layer i of a call starts at pOff + i·(w² + w)
 * h   the state in lane layout [w × ld]: feature j of batch row r at j·ld + r. ld is a multiple of {@link #BLOCK};
 *     rows in [batch, ld) are padding with zero gradient (their values never reach a real row's result)
 * hs  per-layer inputs, layer i of a call at i·w·ld (same lane layout)
 * es  per-layer α·act'(z) from {@link #forward}, turned into s = g ⊙ α·act'(z) in place by {@link #backward}
 * </pre>
 *
 * <h2>The arithmetic (every implementation computes these bits)</h2>
 * The chunked engine recomputes activations and must reproduce them exactly, and the chunked, in-memory and
 * store-everything modes must end with bit-identical weights. So the order of every floating-point operation is part
 * of the contract, chosen for a short dependency chain per layer (the stack is one chain of L layers):
 * <pre>
 * dot(x, W·k, seed)  four partial sums a_m over j ≡ m (mod 4), j increasing: a_0 = fma(x_0, W_0k, seed),
 *                    a_m = x_m·W_mk (m = 1..3), then a_{j mod 4} = fma(x_j, W_jk, a_{j mod 4});
 *                    result (a_0 + a_1) + (a_2 + a_3), dropping the partial sums that do not exist (w &lt; 4)
 * forward            z_k = dot(h, W·k, b_k); h'_k = h_k + q_k with
 *                    softsign: d = |z| + 1, q = (z·α) / d,       e = α / (d·d)
 *                    tanh:     y = tanh(z) ({@link Transcendentals}), q = y·α, e = (1 − y·y)·α
 *                    relu:     q = (z ≤ 0 ? 0 : z)·α,            e = z ≤ 0 ? 0 : α
 * backward           s_k = g_k·e_k; g'_j = dot(s, W_j·, g_j) (the same four partial sums, over k)
 * batch sum Σ_r      sixteen partial sums over rows r ≡ l (mod 16), r increasing, the first term a product (or the
 *                    value), later ones fma (or +); then the butterfly ((p_l + p_{l+8}) for l &lt; 8, then + 4, + 2,
 *                    + 1), the order of one AVX-512 register's lane tree
 * update             W_jk −= lr·Σ_r h_j·s_k;  b_k −= lr·Σ_r s_k   (the product lr·Σ rounded, then the subtraction)
 * </pre>
 */
public interface DeepKernels {

    /** Rows per set of partial sums: one 512-bit register of floats. Every ld is a multiple of it. */
    int BLOCK = 16;

    /** A short id for reports, e.g. {@code deep-scalar} or {@code deep-vector-512}. */
    String id();

    /**
     * Runs {@code layers} layers on {@code h} in place. With {@code hs} not null, also stores each layer's input in
     * {@code hs} and its α·act'(z) in {@code es} (the recomputation before a chunk's backward pass).
     */
    void forward(int w, int ld, Activation act, float alpha, float[] p, int pOff, int layers, float[] h,
                 float[] hs, float[] es);

    /**
     * The backward chain through {@code layers} layers, last layer first: s = g ⊙ es[i] (written over es[i]),
     * g ← g + s·Wᵢᵀ, with the weights as they were in the forward pass. {@code g} [w × ld] is updated in place.
     */
    void backward(int w, int ld, float[] p, int pOff, int layers, float[] es, float[] g);

    /** SGD on each layer: W −= lr·Σ_r hs ⊗ ss, b −= lr·Σ_r ss (see the class comment for the exact order). */
    void update(int w, int ld, float lr, float[] p, int pOff, int layers, float[] hs, float[] ss);

    /** Floats per layer: w² weights and w biases. */
    static int layerFloats(int w) {
        return w * w + w;
    }

    /** The smallest multiple of {@link #BLOCK} ≥ batch. */
    static int laneStride(int batch) {
        return (batch + BLOCK - 1) / BLOCK * BLOCK;
    }
}
