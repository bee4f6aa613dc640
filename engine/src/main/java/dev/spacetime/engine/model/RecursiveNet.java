package dev.spacetime.engine.model;

import dev.spacetime.engine.data.SplitMix64;
import dev.spacetime.engine.kernel.Activation;
import dev.spacetime.engine.kernel.Buffers;
import dev.spacetime.engine.kernel.Kernels;
import dev.spacetime.engine.layer.Dense;

/**
 * RecursiveNet: one hidden layer reused {@code depth} times, trained by backpropagation through the unrolled
 * iterations (BPTT). The tied layer's gradient is the sum of its gradients at every iteration.
 *
 * <pre>
 *   h₀ = relu(x·W_in + b_in)                 x [n × in], h_t [n × H]
 *   h_t = relu(h_{t−1}·W_h + b_h)  t = 1..D  (the same W_h, b_h each time)
 *   z  = h_D·W_out + b_out                   z [n × out] logits
 * backward:
 *   dh_D = dz·W_outᵀ
 *   for t = D..1:  dW_h += h_{t−1}ᵀ·dz_t,  dh_{t−1} = dz_t·W_hᵀ   (dz_t = relu'(h_t) ⊙ dh_t)
 *   dW_in = xᵀ·(relu'(h₀) ⊙ dh₀)
 * </pre>
 */
final class RecursiveNet implements Model {

    private final RecursiveSpec spec;
    private final Dense input;
    private final Dense shared;
    private final Dense output;
    private final Parameters params;

    RecursiveNet(RecursiveSpec spec) {
        this.spec = spec;
        Parameters.Builder pb = new Parameters.Builder();
        int h = spec.hidden();
        input = new Dense(pb, "input", spec.input(), h, Activation.RELU);
        shared = new Dense(pb, "shared", h, h, Activation.RELU);
        output = new Dense(pb, "output", h, spec.output(), Activation.IDENTITY);
        params = pb.build();
        Models.checkCount(spec, params);
    }

    @Override
    public RecursiveSpec spec() {
        return spec;
    }

    @Override
    public Parameters parameters() {
        return params;
    }

    @Override
    public void initialize(long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        input.initialize(params.values(), rng);
        shared.initialize(params.values(), rng);
        output.initialize(params.values(), rng);
    }

    private final class Ws extends BatchWorkspace {
        final float[][] h;       // h[0..D], each [maxBatch × H]
        final float[] logits;
        final float[] sharedT;
        final float[] outputT;
        final float[] dA;
        final float[] dB;

        Ws(int maxBatch) {
            super(maxBatch);
            int width = spec.hidden();
            h = new float[spec.depth() + 1][];
            for (int t = 0; t <= spec.depth(); t++) {
                h[t] = Buffers.floats(maxBatch * width);
            }
            logits = Buffers.floats(maxBatch * spec.output());
            sharedT = Buffers.floats(width * width);
            outputT = Buffers.floats(width * spec.output());
            dA = Buffers.floats(maxBatch * width);
            dB = Buffers.floats(maxBatch * width);
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
        int width = spec.hidden();
        input.forward(k, p, x, xOff, spec.input(), ws.h[0], 0, n);
        for (int t = 1; t <= spec.depth(); t++) {
            shared.forward(k, p, ws.h[t - 1], 0, width, ws.h[t], 0, n);
        }
        output.forward(k, p, ws.h[spec.depth()], 0, width, ws.logits, 0, n);
        return ws.logits;
    }

    @Override
    public void backward(Kernels k, Workspace workspace, float[] x, int xOff, int n, float[] dOut) {
        Ws ws = (Ws) workspace;
        float[] p = params.values();
        float[] g = params.grads();
        int width = spec.hidden();
        int depth = spec.depth();
        output.transposeWeights(k, p, ws.outputT);
        shared.transposeWeights(k, p, ws.sharedT);
        float[] dh = ws.dA;
        output.backward(k, p, g, ws.h[depth], 0, width, ws.logits, 0, dOut, 0, dh, 0, width, ws.outputT, n, false);
        for (int t = depth; t >= 1; t--) {
            float[] dPrev = dh == ws.dA ? ws.dB : ws.dA;
            shared.backward(k, p, g, ws.h[t - 1], 0, width, ws.h[t], 0, dh, 0, dPrev, 0, width, ws.sharedT, n, t != depth);
            dh = dPrev;
        }
        input.backward(k, p, g, x, xOff, spec.input(), ws.h[0], 0, dh, 0, null, 0, 0, null, n, false);
    }

    @Override
    public String firstNonFiniteLayer(Workspace workspace, int n) {
        Ws ws = (Ws) workspace;
        int width = spec.hidden();
        if (Model.firstNonFinite(ws.h[0], n * width) >= 0) {
            return "input";
        }
        for (int t = 1; t <= spec.depth(); t++) {
            if (Model.firstNonFinite(ws.h[t], n * width) >= 0) {
                return "shared (iteration " + t + ")";
            }
        }
        return Model.firstNonFinite(ws.logits, n * spec.output()) >= 0 ? "output" : null;
    }
}
