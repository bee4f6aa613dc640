package dev.spacetime.engine.model;

import dev.spacetime.engine.data.SplitMix64;
import dev.spacetime.engine.kernel.Activation;
import dev.spacetime.engine.kernel.Buffers;
import dev.spacetime.engine.kernel.Kernels;
import dev.spacetime.engine.model.Sequential2DSpec.Preset;

/**
 * The iterative block map of {@link Sequential2DSpec}.
 *
 * <pre>
 *   blocks s₀..s_B; state S_t [n × O] holds blocks 1..B (O = s₁ + … + s_B); block 0 is always the input x [n × s₀]
 *   S₀ = 0
 *   Z_t(i) = Σⱼ Aⱼ·Wᵢⱼ + Σⱼ bᵢⱼ      Aⱼ = x for j = 0, else S_{t−1}(j);  Wᵢⱼ [sⱼ × sᵢ]
 *   S_t = relu(Z_t)  for t < T;  output = Z_T(B)   (the last iteration computes only the last block)
 * backward, from dZ_T(B) = dOut:
 *   dWᵢⱼ += Aⱼᵀ·dZ_t(i);  dbᵢⱼ += Σ_rows dZ_t(i);  dS_{t−1}(j) += dZ_t(i)·Wᵢⱼᵀ  (j ≥ 1, t ≥ 2)
 *   dZ_{t−1} = relu'(S_{t−1}) ⊙ dS_{t−1}
 * </pre>
 * At t = 1 the state blocks are zero, so their products are skipped: exact, since they would add +0.
 * Pruned entries (random-sparse) are zero in the weights and their gradients are masked every step.
 */
final class Sequential2D implements Model {

    private final Sequential2DSpec spec;
    private final int[] s;           // block sizes
    private final int[] stateOff;    // column of block i (≥ 1) within the state
    private final int stateWidth;
    private final int[][] wOff;      // [i][j] offset of Wᵢⱼ in the buffer, −1 when absent
    private final int[][] bOff;
    private final Parameters params;

    Sequential2D(Sequential2DSpec spec) {
        this.spec = spec;
        this.s = spec.blocks();
        int nb = s.length;
        stateOff = new int[nb];
        int width = 0;
        for (int i = 1; i < nb; i++) {
            stateOff[i] = width;
            width += s[i];
        }
        stateWidth = width;
        Parameters.Builder pb = new Parameters.Builder();
        if (spec.preset() == Preset.RANDOM_SPARSE) {
            pb.masked();
        }
        wOff = new int[nb][nb];
        bOff = new int[nb][nb];
        for (int i = 0; i < nb; i++) {
            for (int j = 0; j < nb; j++) {
                wOff[i][j] = -1;
                bOff[i][j] = -1;
                if (spec.hasBlock(i, j)) {
                    wOff[i][j] = pb.add("W" + i + "_" + j, s[j], s[i]);
                    bOff[i][j] = pb.add("b" + i + "_" + j, s[i]);
                }
            }
        }
        params = pb.build();
        if (params.mask() != null) {
            drawMask(params.mask(), params.size(), spec.layeredParameterCount(), spec.maskSeed());
        }
        Models.checkCount(spec, params);
    }

    /**
     * Exactly {@code keep} ones among the first {@code size} entries, every subset equally likely (selection
     * sampling, Knuth's Algorithm S: entry t is kept with probability still-needed / still-available).
     */
    static void drawMask(float[] mask, int size, long keep, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        long needed = keep;
        long available = size;
        for (int t = 0; t < size; t++, available--) {
            double u = (rng.nextLong() >>> 11) * 0x1.0p-53;
            if (u * available < needed) {
                mask[t] = 1f;
                needed--;
            } else {
                mask[t] = 0f;
            }
        }
    }

    @Override
    public Sequential2DSpec spec() {
        return spec;
    }

    @Override
    public Parameters parameters() {
        return params;
    }

    /** Each block like PyTorch's nn.Linear (W, b uniform in ±1/√sⱼ), as the paper's code does; pruned entries 0. */
    @Override
    public void initialize(long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        float[] p = params.values();
        for (int i = 1; i < s.length; i++) {
            for (int j = 0; j < s.length; j++) {
                if (wOff[i][j] >= 0) {
                    double bound = 1.0 / Math.sqrt(s[j]);
                    fillUniform(p, wOff[i][j], s[j] * s[i], bound, rng);
                    fillUniform(p, bOff[i][j], s[i], bound, rng);
                }
            }
        }
        if (params.mask() != null) {
            for (int t = 0; t < params.size(); t++) {
                p[t] *= params.mask()[t];
            }
        }
    }

    private static void fillUniform(float[] p, int off, int count, double bound, SplitMix64 rng) {
        for (int t = 0; t < count; t++) {
            p[off + t] = (float) ((rng.nextFloat() * 2.0 - 1.0) * bound);
        }
    }

    private final class Ws extends BatchWorkspace {
        final float[][] state;   // state[t] for t = 1..T−1, [maxBatch × O]
        final float[] out;       // Z_T(B) [maxBatch × s_B]
        final float[] dZ;        // [maxBatch × O]
        final float[] dS;
        final float[][][] wT;    // Wᵢⱼᵀ for j ≥ 1
        final boolean[][] touchedW = new boolean[s.length][s.length];
        final boolean[] touchedS = new boolean[s.length];

        Ws(int maxBatch) {
            super(maxBatch);
            int iterations = spec.iterations();
            state = new float[iterations][];
            for (int t = 1; t < iterations; t++) {
                state[t] = Buffers.floats(maxBatch * stateWidth);
            }
            out = Buffers.floats(maxBatch * s[s.length - 1]);
            dZ = Buffers.floats(maxBatch * stateWidth);
            dS = Buffers.floats(maxBatch * stateWidth);
            wT = new float[s.length][s.length][];
            for (int i = 1; i < s.length; i++) {
                for (int j = 1; j < s.length; j++) {
                    if (wOff[i][j] >= 0) {
                        wT[i][j] = Buffers.floats(s[i] * s[j]);
                    }
                }
            }
        }
    }

    @Override
    public Workspace newWorkspace(int maxBatch) {
        return new Ws(maxBatch);
    }

    @Override
    public float[] forward(Kernels k, Workspace workspace, float[] x, int xOff, int n) {
        Ws ws = (Ws) workspace;
        float[] p = params.values();
        int last = s.length - 1;
        int iterations = spec.iterations();
        for (int t = 1; t <= iterations; t++) {
            boolean final_ = t == iterations;
            float[] target = final_ ? ws.out : ws.state[t];
            int ldc = final_ ? s[last] : stateWidth;
            for (int i = final_ ? last : 1; i <= last; i++) {
                int cOff = final_ ? 0 : stateOff[i];
                boolean written = false;
                for (int j = 0; j < s.length; j++) {
                    if (wOff[i][j] < 0 || (t == 1 && j >= 1)) {
                        continue;
                    }
                    float[] a = j == 0 ? x : ws.state[t - 1];
                    int aOff = j == 0 ? xOff : stateOff[j];
                    int lda = j == 0 ? s[0] : stateWidth;
                    k.gemm(false, n, s[i], s[j], a, aOff, lda, p, wOff[i][j], s[i], target, cOff, ldc, written);
                    written = true;
                }
                if (!written) {
                    for (int r = 0; r < n; r++) {
                        java.util.Arrays.fill(target, cOff + r * ldc, cOff + r * ldc + s[i], 0f);
                    }
                }
                addBiases(k, p, i, n, target, cOff, ldc, final_ ? Activation.IDENTITY : Activation.RELU);
            }
        }
        return ws.out;
    }

    /** Z += Σⱼ bᵢⱼ, then the activation on the last addition. */
    private void addBiases(Kernels k, float[] p, int i, int n, float[] c, int cOff, int ldc, Activation act) {
        int lastJ = -1;
        for (int j = 0; j < s.length; j++) {
            if (bOff[i][j] >= 0) {
                lastJ = j;
            }
        }
        for (int j = 0; j < s.length; j++) {
            if (bOff[i][j] >= 0) {
                k.biasAct(n, s[i], c, cOff, ldc, p, bOff[i][j], j == lastJ ? act : Activation.IDENTITY);
            }
        }
    }

    @Override
    public void backward(Kernels k, Workspace workspace, float[] x, int xOff, int n, float[] dOut) {
        Ws ws = (Ws) workspace;
        float[] p = params.values();
        float[] g = params.grads();
        int last = s.length - 1;
        int iterations = spec.iterations();
        for (boolean[] row : ws.touchedW) {
            java.util.Arrays.fill(row, false);
        }
        for (int i = 1; i <= last; i++) {
            for (int j = 1; j <= last; j++) {
                if (ws.wT[i][j] != null) {
                    k.transpose(s[j], s[i], p, wOff[i][j], s[i], ws.wT[i][j], 0, s[j]);
                }
            }
        }
        for (int t = iterations; t >= 1; t--) {
            boolean final_ = t == iterations;
            float[] dz = final_ ? dOut : ws.dZ;
            int ldz = final_ ? s[last] : stateWidth;
            java.util.Arrays.fill(ws.touchedS, false);
            for (int i = final_ ? last : 1; i <= last; i++) {
                int zOff = final_ ? 0 : stateOff[i];
                for (int j = 0; j < s.length; j++) {
                    if (wOff[i][j] < 0) {
                        continue;
                    }
                    boolean acc = ws.touchedW[i][j];
                    ws.touchedW[i][j] = true;
                    k.columnSums(n, s[i], dz, zOff, ldz, g, bOff[i][j], acc);
                    if (t == 1 && j >= 1) {
                        if (!acc) {
                            java.util.Arrays.fill(g, wOff[i][j], wOff[i][j] + s[j] * s[i], 0f);
                        }
                        continue;    // zero input: no weight gradient, no state gradient
                    }
                    float[] a = j == 0 ? x : ws.state[t - 1];
                    int aOff = j == 0 ? xOff : stateOff[j];
                    int lda = j == 0 ? s[0] : stateWidth;
                    k.gemm(true, s[j], s[i], n, a, aOff, lda, dz, zOff, ldz, g, wOff[i][j], s[i], acc);
                    if (j >= 1) {
                        k.gemm(false, n, s[j], s[i], dz, zOff, ldz, ws.wT[i][j], 0, s[j],
                                ws.dS, stateOff[j], stateWidth, ws.touchedS[j]);
                        ws.touchedS[j] = true;
                    }
                }
            }
            if (t >= 2) {
                for (int j = 1; j <= last; j++) {
                    if (!ws.touchedS[j]) {
                        for (int r = 0; r < n; r++) {
                            java.util.Arrays.fill(ws.dS, r * stateWidth + stateOff[j], r * stateWidth + stateOff[j] + s[j], 0f);
                        }
                    }
                }
                k.activationBackward(Activation.RELU, ws.state[t - 1], 0, ws.dS, 0, ws.dZ, 0, n * stateWidth);
            }
        }
        for (int i = 1; i <= last; i++) {
            for (int j = 0; j <= last; j++) {
                if (wOff[i][j] >= 0 && !ws.touchedW[i][j]) {
                    java.util.Arrays.fill(g, wOff[i][j], wOff[i][j] + s[j] * s[i], 0f);
                    java.util.Arrays.fill(g, bOff[i][j], bOff[i][j] + s[i], 0f);
                }
            }
        }
        if (params.mask() != null) {
            k.multiply(g, 0, params.mask(), 0, params.size());
        }
    }

    @Override
    public String firstNonFiniteLayer(Workspace workspace, int n) {
        Ws ws = (Ws) workspace;
        for (int t = 1; t < spec.iterations(); t++) {
            if (Model.firstNonFinite(ws.state[t], n * stateWidth) >= 0) {
                return "block map (iteration " + t + ")";
            }
        }
        return Model.firstNonFinite(ws.out, n * s[s.length - 1]) >= 0 ? "output block" : null;
    }
}
