package dev.spacetime.engine.model;

import dev.spacetime.engine.data.SplitMix64;
import dev.spacetime.engine.layer.Dense;

/**
 * What the two MLP implementations share: the {@link Dense} layers of an {@link MlpSpec} over one parameter buffer,
 * and their initialisation. Only the layout of the computation differs ({@link Mlp}: rows; {@link LaneMlp}: lanes),
 * so both read and write the same model files and start from the same weights.
 */
abstract sealed class DenseStack implements Model permits Mlp, LaneMlp {

    protected final MlpSpec spec;
    protected final Dense[] layers;
    protected final Parameters params;

    DenseStack(MlpSpec spec) {
        this.spec = spec;
        int[] sizes = spec.sizes();
        Parameters.Builder pb = new Parameters.Builder();
        layers = new Dense[sizes.length - 1];
        for (int l = 0; l < layers.length; l++) {
            boolean last = l == layers.length - 1;
            layers[l] = new Dense(pb, "dense" + (l + 1), sizes[l], sizes[l + 1], last ? spec.output() : spec.hidden());
        }
        params = pb.build();
        Models.checkCount(spec, params);
    }

    @Override
    public MlpSpec spec() {
        return spec;
    }

    @Override
    public Parameters parameters() {
        return params;
    }

    @Override
    public void initialize(long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        for (Dense d : layers) {
            d.initialize(params.values(), rng);
        }
    }
}
