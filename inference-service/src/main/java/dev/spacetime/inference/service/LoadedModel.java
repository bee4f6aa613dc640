package dev.spacetime.inference.service;

import dev.spacetime.contracts.ModelPublished;
import dev.spacetime.engine.infer.Predictor;
import java.time.Instant;

/**
 * One verified, loaded model version, immutable. The {@link Predictor} is thread-safe, so requests that resolved
 * this version before a swap finish on it while new requests already see the next one.
 *
 * @param spec the engine's spec text (kind, sizes, activations, loss)
 */
public record LoadedModel(String name, int version, Predictor predictor, ModelPublished announcement, String spec,
                          Instant loadedAt) {

    public int inputSize() {
        return predictor.inputSize();
    }

    public int outputSize() {
        return predictor.model().outputSize();
    }
}
