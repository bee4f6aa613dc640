package dev.spacetime.inference.service;

import dev.spacetime.engine.infer.Predictor;
import jakarta.enterprise.context.ApplicationScoped;

/** A prediction: resolve the version in the current snapshot, check the row widths, run the engine, record it. */
@ApplicationScoped
public class PredictionService {

    /** The version that answered and what it answered. */
    public record Result(LoadedModel model, Predictor.Prediction prediction) {
    }

    private final ModelRegistry registry;
    private final InferenceMetrics metrics;

    public PredictionService(ModelRegistry registry, InferenceMetrics metrics) {
        this.registry = registry;
        this.metrics = metrics;
    }

    /** {@code version} null = the model's default version. Rows are raw features; the model's normalisation applies. */
    public Result predict(String name, Integer version, float[][] rows) {
        long t0 = System.nanoTime();
        LoadedModel m = registry.resolve(name, version);
        int in = m.inputSize();
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != in) {
                throw new BadInputException("inputs[" + r + "] has " + rows[r].length + " values but model '" + name
                        + "' version " + m.version() + " takes " + in, r, null);
            }
        }
        Predictor.Prediction p = m.predictor().predict(rows);
        metrics.predicted(name, rows.length, System.nanoTime() - t0);
        return new Result(m, p);
    }
}
