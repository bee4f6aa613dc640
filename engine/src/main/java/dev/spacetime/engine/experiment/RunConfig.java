package dev.spacetime.engine.experiment;

import dev.spacetime.engine.model.Models;
import dev.spacetime.engine.train.TrainConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One configuration of an experiment: everything but the seed that determines a run. {@code label} groups the runs
 * over seeds in summaries.
 *
 * @param evalEachEpoch evaluate on the test rows after every epoch (timed separately); only for reproducing
 *                      published timings that included it
 */
public record RunConfig(String label, String model, Models.Options options, String dataset, TrainConfig train,
                        long splitSeed, int trainLimit, boolean evalEachEpoch) {

    public RunConfig withSeed(long seed) {
        TrainConfig t = new TrainConfig(train.epochs(), train.batch(), train.optimizer(), train.schedule(), seed,
                train.threads(), train.latencyCalls(), train.recordEvery());
        return new RunConfig(label, model, options, dataset, t, splitSeed, trainLimit, evalEachEpoch);
    }

    public RunConfig withTrainLimit(int limit) {
        return new RunConfig(label, model, options, dataset, train, splitSeed, limit, evalEachEpoch);
    }

    public RunConfig withTrain(TrainConfig t) {
        return new RunConfig(label, model, options, dataset, t, splitSeed, trainLimit, evalEachEpoch);
    }

    /** Every configuration field, for CSV rows and run records (nothing hidden, e.g. momentum 0 and no L2 are shown). */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("config", label);
        m.put("model_name", model);
        m.put("depth", options.depth());
        m.put("hidden", options.hidden());
        m.put("param_budget", options.paramBudget());
        m.put("preset", options.preset());
        m.put("iterations", options.iterations());
        m.put("dataset_name", dataset);
        m.put("split_seed", splitSeed);
        m.put("train_limit", trainLimit);
        m.put("eval_each_epoch", evalEachEpoch);
        m.put("epochs", train.epochs());
        m.put("batch", train.batch());
        m.putAll(train.optimizer().describe());
        m.put("schedule", train.schedule().id());
        m.put("seed", train.seed());
        m.put("threads", train.threads());
        return m;
    }
}
