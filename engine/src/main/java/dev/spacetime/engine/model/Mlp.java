package dev.spacetime.engine.model;

import dev.spacetime.engine.kernel.Buffers;
import dev.spacetime.engine.kernel.Kernels;
import dev.spacetime.engine.layer.Dense;

/**
 * A stack of {@link Dense} layers.
 *
 * <pre>
 *   x [n × s0] → y1 [n × s1] → … → y_L [n × s_L]      (y_l = act_l(y_{l−1}·W_l + b_l))
 * </pre>
 */
final class Mlp extends DenseStack {

    Mlp(MlpSpec spec) {
        super(spec);
    }

    private final class Ws extends BatchWorkspace {
        final float[][] y;       // y[l] = output of layer l, [maxBatch × s_{l+1}]
        final float[][] wT;      // transposed weights of layers ≥ 1 (layer 0 needs no dx)
        final float[] gradA;
        final float[] gradB;

        Ws(int maxBatch) {
            super(maxBatch);
            y = new float[layers.length][];
            wT = new float[layers.length][];
            int widest = 0;
            for (int l = 0; l < layers.length; l++) {
                y[l] = Buffers.floats(maxBatch * layers[l].out());
                if (l > 0) {
                    wT[l] = Buffers.floats(layers[l].in() * layers[l].out());
                }
                widest = Math.max(widest, layers[l].out());
            }
            gradA = Buffers.floats(maxBatch * widest);
            gradB = Buffers.floats(maxBatch * widest);
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
        float[] in = x;
        int inOff = xOff;
        for (int l = 0; l < layers.length; l++) {
            layers[l].forward(k, p, in, inOff, layers[l].in(), ws.y[l], 0, n);
            in = ws.y[l];
            inOff = 0;
        }
        return ws.y[layers.length - 1];
    }

    @Override
    public void backward(Kernels k, Workspace workspace, float[] x, int xOff, int n, float[] dOut) {
        Ws ws = (Ws) workspace;
        float[] p = params.values();
        float[] g = params.grads();
        float[] dy = dOut;
        for (int l = layers.length - 1; l >= 0; l--) {
            Dense d = layers[l];
            float[] in = l == 0 ? x : ws.y[l - 1];
            int inOff = l == 0 ? xOff : 0;
            float[] dx = null;
            if (l > 0) {
                dx = dy == ws.gradA ? ws.gradB : ws.gradA;
                d.transposeWeights(k, p, ws.wT[l]);
            }
            d.backward(k, p, g, in, inOff, d.in(), ws.y[l], 0, dy, 0, dx, 0, d.in(), ws.wT[l], n, false);
            dy = dx;
        }
    }

    @Override
    public String firstNonFiniteLayer(Workspace workspace, int n) {
        Ws ws = (Ws) workspace;
        for (int l = 0; l < layers.length; l++) {
            if (Model.firstNonFinite(ws.y[l], n * layers[l].out()) >= 0) {
                return layers[l].name();
            }
        }
        return null;
    }
}
