package dev.spacetime.engine.deep;

/**
 * What a training run is, recorded in the head file so that {@code --resume} continues the very same run.
 *
 * @param batch   rows per step
 * @param seed    seed of the minibatch stream ({@link MinibatchStream})
 * @param layerLr SGD learning rate of the stack's layers
 * @param headLr  SGD learning rate of the input projection and the output head
 */
public record TrainSettings(int batch, long seed, float layerLr, float headLr) {

    public TrainSettings {
        if (batch < 1 || batch > 65536) {
            throw new IllegalArgumentException("--batch " + batch + " must be in [1, 65536]");
        }
        if (!(layerLr >= 0f) || !Float.isFinite(layerLr)) {
            throw new IllegalArgumentException("--layer-lr " + layerLr + " must be a finite number ≥ 0");
        }
        if (!(headLr >= 0f) || !Float.isFinite(headLr)) {
            throw new IllegalArgumentException("--head-lr " + headLr + " must be a finite number ≥ 0");
        }
    }
}
