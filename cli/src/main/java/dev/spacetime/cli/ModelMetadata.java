package dev.spacetime.cli;

import dev.spacetime.engine.train.RunResult;
import dev.spacetime.engine.train.TrainConfig;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a saved model records about its run: enough to know where it came from and to retrain it
 * ({@code eval} reads {@code dataset} and {@code split_seed} back to rebuild the same test split).
 */
final class ModelMetadata {

    static final String DATASET = "dataset";
    static final String SPLIT_SEED = "split_seed";

    private ModelMetadata() {
    }

    static Map<String, String> of(String modelName, String dataset, long splitSeed, int trainLimit,
            ModelOptions modelOptions, RunResult r) {
        TrainConfig c = r.config();
        Map<String, String> m = new LinkedHashMap<>();
        m.put(DATASET, dataset);
        m.put("seed", Long.toString(c.seed()));
        m.put("test_accuracy", Double.toString(r.test().accuracy()));
        m.put("test_loss", Double.toString(r.test().loss()));
        m.put("params", Long.toString(r.params()));
        m.put("created", Instant.now().toString());
        m.put("model", modelName);
        m.putAll(modelOptions.given());
        m.put("epochs", Integer.toString(c.epochs()));
        m.put("batch", Integer.toString(c.batch()));
        c.optimizer().describe().forEach((k, v) -> m.put(k, String.valueOf(v)));
        m.put("schedule", c.schedule().id());
        m.put("threads", Integer.toString(c.threads()));
        m.put(SPLIT_SEED, Long.toString(splitSeed));
        m.put("train_limit", Integer.toString(trainLimit));
        m.put("kernels", r.kernels());
        return m;
    }
}
