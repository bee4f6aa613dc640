package dev.spacetime.engine.experiment;

import dev.spacetime.engine.data.DataOptions;
import dev.spacetime.engine.data.DataSplit;
import dev.spacetime.engine.data.Datasets;
import dev.spacetime.engine.kernel.Kernels;
import dev.spacetime.engine.model.Model;
import dev.spacetime.engine.model.ModelSpec;
import dev.spacetime.engine.model.Models;
import dev.spacetime.engine.train.RunResult;
import dev.spacetime.engine.train.Trainer;
import dev.spacetime.engine.train.TrainingListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs every configuration of a preset with every seed, one after the other (runs are timed, so they never share
 * the cores). Each data split is loaded and normalised once and shared by the runs that use it, so every model
 * sees exactly the same rows.
 */
public final class ExperimentRunner {

    /** Progress callbacks for the CLI. */
    public interface Listener {
        default void runStarted(int index, int total, RunConfig config) {
        }

        default void runFinished(int index, int total, RunConfig config, ExperimentResult.Run run) {
        }

        /** Training progress inside a run. */
        default TrainingListener training() {
            return TrainingListener.NONE;
        }
    }

    private final Kernels kernels;
    private final DataOptions dataOptions;
    private final Consumer<String> log;
    private final Map<String, DataSplit> splits = new HashMap<>();

    public ExperimentRunner(Kernels kernels, DataOptions dataOptions, Consumer<String> log) {
        this.kernels = kernels;
        this.dataOptions = dataOptions;
        this.log = log;
    }

    /** JIT warm-up before millisecond-long presets: C2 needs ~10,000 calls of a method before it compiles it. */
    static final long WARMUP_NANOS = 2_000_000_000L;

    /**
     * Runs the preset. Presets with {@code timingRepeats > 1} (runs of milliseconds) first train their first
     * configuration, untimed and discarded, for {@link #WARMUP_NANOS}, and then time each run as the median of its
     * repeats; the weights of the repeats are identical (same seed, deterministic training).
     */
    public ExperimentResult run(Preset preset, Listener listener) {
        if (preset.timingRepeats() > 1) {
            RunConfig first = preset.configs().getFirst().withSeed(preset.seeds().getFirst());
            RunConfig quiet = first.withTrain(first.train().withLatencyCalls(0));
            long start = System.nanoTime();
            do {
                runOne(quiet, TrainingListener.NONE);
            } while (System.nanoTime() - start < WARMUP_NANOS);
        }
        List<ExperimentResult.Run> runs = new ArrayList<>();
        int total = preset.runs();
        int index = 0;
        for (RunConfig template : preset.configs()) {
            for (long seed : preset.seeds()) {
                RunConfig config = template.withSeed(seed);
                listener.runStarted(++index, total, config);
                List<Double> seconds = new ArrayList<>();
                RunResult result = null;
                for (int r = 0; r < preset.timingRepeats(); r++) {
                    boolean last = r == preset.timingRepeats() - 1;
                    // Only the last repeat measures inference latency; the others are for the training time.
                    RunConfig c = last ? config : config.withTrain(config.train().withLatencyCalls(0));
                    result = runOne(c, last ? listener.training() : TrainingListener.NONE);
                    seconds.add(result.trainSeconds());
                }
                ExperimentResult.Run run = new ExperimentResult.Run(config, result, seconds);
                runs.add(run);
                listener.runFinished(index, total, config, run);
            }
        }
        return new ExperimentResult(preset, runs);
    }

    RunResult runOne(RunConfig config, TrainingListener training) {
        DataSplit data = split(config);
        if (config.evalEachEpoch()) {
            // Evaluating every epoch on the test rows is what the reference programs timed; the Trainer does it for
            // a validation part, and times it apart from the training loop.
            data = new DataSplit(data.train(), data.test(), data.test(), data.description() + "; evaluated on the test rows each epoch");
        }
        long seed = config.train().seed();
        ModelSpec spec = Models.resolve(config.model(), config.options(), data.train().features(), data.train().classes(), seed);
        Model model = spec.build();
        model.initialize(seed);
        return new Trainer(config.train(), kernels).train(model, data, training);
    }

    private DataSplit split(RunConfig config) {
        String key = config.dataset() + "/" + config.splitSeed() + "/" + config.trainLimit();
        return splits.computeIfAbsent(key, k -> {
            DataOptions o = dataOptions.withSplitSeed(config.splitSeed()).withTrainLimit(config.trainLimit());
            DataSplit raw = Datasets.load(config.dataset(), o, log);
            return raw.normalized(Datasets.defaultNormalization(config.dataset(), raw));
        });
    }
}
