package dev.spacetime.bench.peers;

import dev.spacetime.bench.mnist.MnistData;
import dev.spacetime.bench.mnist.MnistProtocol;
import dev.spacetime.engine.data.DataOptions;
import dev.spacetime.engine.data.DataSplit;
import dev.spacetime.engine.data.Datasets;
import dev.spacetime.engine.experiment.Preset;
import dev.spacetime.engine.experiment.Presets;
import dev.spacetime.engine.experiment.RunConfig;
import dev.spacetime.engine.model.ModelSpec;
import dev.spacetime.engine.model.Models;
import dev.spacetime.engine.optim.Schedule;
import dev.spacetime.engine.train.TrainConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One workload as every engine runs it. Iris and XOR take their configuration from the engine's presets (model,
 * data, split, optimizer, batch, seeds: the same objects {@code ./spacetime experiment} runs); the MNIST workloads
 * take bench mnist's protocol (plain SGD lr 0.05, batch 64, seed 1) with standard-medium or RecursiveNet d4 @78,802.
 *
 * @param config       model, data and training (its seed is the first seed; epochs as asked)
 * @param seeds        initial weights (and batch order) per run
 * @param repeats      timed trainings per seed and thread setting
 * @param threads      thread settings tried for every engine
 * @param warmupEpochs epochs of the peers' one untimed warm-up training
 * @param latencyCalls timed predictions of the test rows (0: none)
 * @param withEval     also time trainings that evaluate the test rows after every epoch
 * @param peers        the peers that run it
 * @param notExpressible peers that cannot express the model, and why
 */
public record WorkloadPlan(Workload workload, RunConfig config, List<Long> seeds, int repeats, List<Integer> threads,
                           int warmupEpochs, int latencyCalls, boolean withEval, List<PeerEngine> peers,
                           Map<PeerEngine, String> notExpressible) {

    /** The budget of the RecursiveNet study; the engine solves the width (H = 89, 78,775 parameters). */
    public static final long RECURSIVE_BUDGET = 78_802L;
    public static final int RECURSIVE_DEPTH = 4;
    public static final long MNIST_SEED = 1;

    public static WorkloadPlan of(Workload w, PeersOptions o) {
        return of(w, o.epochs(w), w == Workload.XOR ? o.xorSeeds() : 1, w == Workload.XOR ? o.xorRepeats() : o.repeats(),
                o.latencyCalls(), o.threads(w));
    }

    public static WorkloadPlan of(Workload w, int epochs, int seedCount, int repeats, int latencyCalls,
                                  List<Integer> threads) {
        List<PeerEngine> all = List.of(PeerEngine.NUMPY, PeerEngine.SKLEARN, PeerEngine.PYTORCH);
        return switch (w) {
            case IRIS -> {
                Preset p = Presets.get("iris", false, 1, null);
                yield new WorkloadPlan(w, withEpochs(p.configs().getFirst().withSeed(p.seeds().getFirst()), epochs, 0), p.seeds(), repeats, threads,
                        epochs, latencyCalls, true, all, Map.of());
            }
            case XOR -> {
                Preset p = Presets.get("xor", false, 1, null);
                List<Long> seeds = p.seeds().subList(0, seedCount);
                yield new WorkloadPlan(w, withEpochs(p.configs().getFirst().withSeed(seeds.getFirst()), epochs, 0),
                        seeds, repeats, threads, Math.min(epochs, 1000), 0, false, all, Map.of());
            }
            case MNIST_STANDARD -> new WorkloadPlan(w, mnist("mnist standard-medium", "standard-medium",
                    Models.Options.NONE, epochs), List.of(MNIST_SEED), repeats, threads, 1, 0, false, all, Map.of());
            case MNIST_RECURSIVE -> new WorkloadPlan(w, mnist("mnist recursive d4 @78,802", "recursive",
                    new Models.Options(RECURSIVE_DEPTH, null, RECURSIVE_BUDGET, null, null, null), epochs),
                    List.of(MNIST_SEED), repeats, threads, 1, 0, false, List.of(PeerEngine.NUMPY, PeerEngine.PYTORCH),
                    Map.of(PeerEngine.SKLEARN, "not expressible: MLPClassifier has no tied (shared) layers, so "
                            + "RecursiveNet's one hidden layer applied 4 times cannot be written in it"));
        };
    }

    private static RunConfig mnist(String label, String model, Models.Options options, int epochs) {
        TrainConfig t = new TrainConfig(epochs, MnistProtocol.BATCH, MnistProtocol.optimizer(), Schedule.CONSTANT,
                MNIST_SEED, 1, 0);
        return new RunConfig(label, model, options, "mnist", t, 0, 0, false);
    }

    /** {@code c} with other epochs, and {@code latencyCalls} (threads 1; set per run). */
    static RunConfig withEpochs(RunConfig c, int epochs, int latencyCalls) {
        TrainConfig t = c.train();
        return c.withTrain(new TrainConfig(epochs, t.batch(), t.optimizer(), t.schedule(), t.seed(), 1, latencyCalls,
                t.recordEvery()));
    }

    /** The configuration on {@code threads} threads with {@code latencyCalls} timed predictions. */
    public RunConfig config(int threads, int calls) {
        TrainConfig t = config.train();
        return config.withTrain(new TrainConfig(t.epochs(), t.batch(), t.optimizer(), t.schedule(), t.seed(), threads,
                calls, t.recordEvery()));
    }

    public int epochs() {
        return config.train().epochs();
    }

    public int batch() {
        return config.train().batch();
    }

    public double lr() {
        return config.train().optimizer().lr();
    }

    /** The model of one seed, as ExperimentRunner resolves it. */
    public ModelSpec spec(DataSplit data, long seed) {
        return Models.resolve(config.model(), config.options(), data.train().features(), data.train().classes(), seed);
    }

    /** The rows every engine trains on: the engine's loader and default normalisation (MNIST: bench mnist's split). */
    public DataSplit load(Path dataDir, Path cacheDir, Consumer<String> log) {
        if (workload.isMnist()) {
            return MnistData.load(dataDir, cacheDir, log);
        }
        DataOptions o = new DataOptions(dataDir, cacheDir == null ? DataOptions.defaultCacheDir() : cacheDir,
                config.splitSeed(), config.trainLimit());
        DataSplit raw = Datasets.load(config.dataset(), o, log);
        return raw.normalized(Datasets.defaultNormalization(config.dataset(), raw));
    }

    /** Every setting, for the JSON and the protocol. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>(config.describe());
        m.put("workload", workload.id());
        m.put("title", workload.title());
        m.put("seeds", seeds);
        m.put("repeats", repeats);
        m.put("thread_settings", threads);
        m.put("peer_warmup_epochs", warmupEpochs);
        m.put("latency_calls", latencyCalls);
        m.put("with_eval", withEval);
        m.put("peers", peers.stream().map(PeerEngine::id).toList());
        List<String> ne = new ArrayList<>();
        notExpressible.forEach((e, why) -> ne.add(e.id() + ": " + why));
        m.put("not_expressible", ne);
        return m;
    }
}
