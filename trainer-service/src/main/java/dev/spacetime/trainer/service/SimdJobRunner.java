package dev.spacetime.trainer.service;

import dev.spacetime.contracts.EngineKind;
import dev.spacetime.contracts.TrainingJob;
import dev.spacetime.engine.data.Datasets;
import dev.spacetime.engine.experiment.RunConfig;
import dev.spacetime.engine.io.CheckpointFile;
import dev.spacetime.engine.io.ModelFile;
import dev.spacetime.engine.kernel.KernelProvider;
import dev.spacetime.engine.model.Model;
import dev.spacetime.engine.model.ModelSpec;
import dev.spacetime.engine.model.Models;
import dev.spacetime.engine.optim.OptimizerConfig;
import dev.spacetime.engine.optim.Schedule;
import dev.spacetime.engine.train.EpochMetrics;
import dev.spacetime.engine.train.RunResult;
import dev.spacetime.engine.train.TrainConfig;
import dev.spacetime.engine.train.Trainer;
import dev.spacetime.engine.train.TrainingCheckpoint;
import dev.spacetime.engine.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The SIMD engine: a job becomes the engine's {@link RunConfig} (model name, {@link Models.Options}, data set,
 * {@link TrainConfig}), built the way {@code spacetime train} and the experiment runner build a run, trained with
 * {@link Trainer} and resumed from the engine's {@link CheckpointFile}. Every field is checked by the engine's own
 * records, and the message is prefixed with the field it came from.
 */
public final class SimdJobRunner implements JobRunner {

    /** Model options by their CLI names ({@code width} = the recursive net's hidden width, like {@code hidden}). */
    static final List<String> MODEL_OPTIONS = List.of("depth", "hidden", "width", "param-budget", "preset", "iterations", "layers");
    static final List<String> HYPERPARAMETERS = List.of("epochs", "batch", "lr", "optimizer", "momentum", "nesterov",
            "weight-decay", "clip-norm", "schedule", "split-seed", "train-limit", "latency-calls", "record-every");
    /** The defaults of {@code spacetime train}, so that a job and a CLI run with the same options are the same run. */
    static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("epochs", "10"), Map.entry("batch", "64"), Map.entry("lr", "0.002"),
            Map.entry("optimizer", "adam"), Map.entry("nesterov", "false"), Map.entry("weight-decay", "0"),
            Map.entry("clip-norm", "0"), Map.entry("schedule", "cosine"), Map.entry("split-seed", "0"),
            Map.entry("train-limit", "0"), Map.entry("latency-calls", "10000"), Map.entry("record-every", "1"));
    static final double DEFAULT_MOMENTUM = 0.9;

    private final DataCache data;

    public SimdJobRunner(java.nio.file.Path dataDir) {
        this.data = new DataCache(dataDir);
    }

    @Override
    public EngineKind engine() {
        return EngineKind.SIMD;
    }

    @Override
    public List<String> modelOptionNames() {
        return MODEL_OPTIONS;
    }

    /** A validated SIMD job: the engine's run configuration plus what the events say about it. */
    record SimdPlan(RunConfig config, Map<String, String> attributes, String jobId) implements Plan {
        @Override
        public int epochs() {
            return config.train().epochs();
        }
    }

    @Override
    public Plan plan(TrainingJob job) {
        String model = required(job.model(), "model", "one of " + String.join(", ", Models.NAMES));
        if (!Models.NAMES.contains(model)) {
            throw new InvalidJobException("model", "model '" + job.model() + "' is unknown: use one of "
                    + String.join(", ", Models.NAMES));
        }
        String dataset = required(job.dataset(), "dataset", "one of " + String.join(", ", Datasets.NAMES));
        if (!Datasets.NAMES.contains(dataset)) {
            throw new InvalidJobException("dataset", "dataset '" + job.dataset() + "' is unknown: use one of "
                    + String.join(", ", Datasets.NAMES));
        }
        Models.Options options = modelOptions(model, job.modelOptions());
        Map<String, String> h = hyperparameters(job.hyperparameters());
        TrainConfig train = trainConfig(h, job.seed());
        if (job.limits().maxEpochs() > 0 && train.epochs() > job.limits().maxEpochs()) {
            throw new InvalidJobException("hyperparameters.epochs", "hyperparameters.epochs " + train.epochs()
                    + " exceeds limits.maxEpochs " + job.limits().maxEpochs() + ": ask for fewer epochs or raise the limit");
        }
        long splitSeed = parseLong(h, "split-seed");
        int trainLimit = parseInt(h, "train-limit", 0, "0 trains on the whole train split");
        // The model against the data's shape: the engine's own resolution, with its messages.
        DatasetShapes.Shape shape = DatasetShapes.of(dataset);
        try {
            Models.resolve(model, options, shape.features(), shape.classes(), job.seed());
        } catch (IllegalArgumentException e) {
            throw new InvalidJobException("modelOptions", "model " + model + " on " + dataset + ": " + cli(e.getMessage()));
        }
        RunConfig config = new RunConfig(job.jobId(), model, options, dataset, train, splitSeed, trainLimit, false);
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("model", model);
        attributes.put("dataset", dataset);
        attributes.put("engine", EngineKind.SIMD.wire());
        attributes.put("seed", Long.toString(job.seed()));
        if (job.sweepId() != null) {
            attributes.put("sweep", job.sweepId());
        }
        job.modelOptions().forEach(attributes::put);
        attributes.putAll(h);
        return new SimdPlan(config, attributes, job.jobId());
    }

    @Override
    public Outcome run(Plan p, RunContext ctx) {
        SimdPlan plan = (SimdPlan) p;
        RunConfig c = plan.config();
        DataCache.Loaded loaded = data.get(c.dataset(), c.splitSeed(), c.trainLimit(), ctx::log);
        long seed = c.train().seed();
        ModelSpec spec = Models.resolve(c.model(), c.options(), loaded.split().train().features(),
                loaded.split().train().classes(), seed);
        Model model = spec.build();
        model.initialize(seed);
        TrainingCheckpoint from = null;
        if (ctx.resumeEpochs() > 0 && Files.exists(ctx.checkpointFile())) {
            try {
                from = CheckpointFile.load(ctx.checkpointFile(), spec);
            } catch (IOException | RuntimeException e) {
                ctx.log("job " + plan.jobId() + ": checkpoint unusable, starting over: " + e.getMessage());
            }
        }
        TrainConfig t = c.train();
        TrainConfig config = new TrainConfig(t.epochs(), t.batch(), t.optimizer(), t.schedule(), t.seed(), ctx.threads(),
                t.latencyCalls(), t.recordEvery());
        Map<String, String> details = new LinkedHashMap<>();
        details.put("model_name", spec.name());
        details.put("params", Long.toString(spec.parameterCount()));
        details.put("threads", Integer.toString(ctx.threads()));
        details.put("kernels", KernelProvider.get().id());
        ctx.started(from == null ? 0 : from.epochsDone(), details);
        int steps = (loaded.split().train().n() + Math.min(t.batch(), loaded.split().train().n()) - 1)
                / Math.min(t.batch(), loaded.split().train().n());
        RunResult result = new Trainer(config, KernelProvider.get()).resume(model, loaded.split(), from,
                new TrainingListener() {
                    @Override
                    public void epochFinished(EpochMetrics m) {
                        ctx.epochFinished(m, (long) m.epoch() * steps);
                    }

                    @Override
                    public void epochCheckpoint(int epoch, Supplier<TrainingCheckpoint> snapshot) {
                        ctx.epochCheckpoint(epoch, file -> CheckpointFile.save(file, spec, snapshot.get()));
                    }

                    @Override
                    public boolean stopRequested() {
                        return ctx.stopRequested();
                    }
                });
        Map<String, String> metadata = metadata(plan, result);
        Map<String, String> architecture = new LinkedHashMap<>(spec.toMap());
        architecture.put("engine", EngineKind.SIMD.wire());
        return new Outcome(spec.name(), architecture, headline(result), RunMaps.finite(result.toMap()),
                ArtifactStore.MODEL_FILE, file -> ModelFile.save(file, model, loaded.normalization(), metadata));
    }

    /** The COMPLETED event's figures: the run's headline numbers, finite ones only (JSON has no NaN). */
    static Map<String, Double> headline(RunResult r) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("test_accuracy", r.test().accuracy());
        m.put("test_loss", r.test().loss());
        m.put("params", (double) r.params());
        m.put("epochs", (double) r.config().epochs());
        m.put("train_seconds", r.trainSeconds());
        m.put("inference_p50_us", r.latency().p50Micros());
        m.put("inference_p99_us", r.latency().p99Micros());
        m.put("inference_batch_rows", (double) r.latency().batchRows());
        m.put("inference_batch_p50_us", r.latency().batchP50Micros());
        m.put("inference_batch_p99_us", r.latency().batchP99Micros());
        m.put("batch_throughput_rows_per_s", r.latency().batchRowsPerSecond());
        m.put("peak_rss_bytes", (double) r.peakRssBytes());
        m.put("peak_heap_bytes", (double) r.peakHeapBytes());
        m.put("convergence_epoch", (double) r.convergenceEpoch());
        m.put("accuracy_per_1k_params", r.accuracyPer1kParams());
        m.values().removeIf(v -> v == null || !Double.isFinite(v));
        return m;
    }

    /** What the model file records (the keys of {@code spacetime train --out}), without a wall-clock timestamp. */
    private static Map<String, String> metadata(SimdPlan plan, RunResult r) {
        Map<String, String> m = new LinkedHashMap<>();
        RunConfig c = plan.config();
        m.put("dataset", c.dataset());
        m.put("seed", Long.toString(r.config().seed()));
        m.put("test_accuracy", Double.toString(r.test().accuracy()));
        m.put("test_loss", Double.toString(r.test().loss()));
        m.put("params", Long.toString(r.params()));
        m.put("model", c.model());
        m.put("epochs", Integer.toString(r.config().epochs()));
        m.put("batch", Integer.toString(r.config().batch()));
        r.config().optimizer().describe().forEach((k, v) -> m.put(k, String.valueOf(v)));
        m.put("schedule", r.config().schedule().id());
        m.put("split_seed", Long.toString(c.splitSeed()));
        m.put("train_limit", Integer.toString(c.trainLimit()));
        m.put("kernels", r.kernels());
        m.put("job_id", plan.jobId());
        return m;
    }

    private static String required(String value, String field, String hint) {
        if (value == null || value.isBlank()) {
            throw new InvalidJobException(field, field + " is missing: give " + hint);
        }
        return value.trim().toLowerCase(Locale.ROOT);
    }

    private static Models.Options modelOptions(String model, Map<String, String> given) {
        for (String key : given.keySet()) {
            if (!MODEL_OPTIONS.contains(key)) {
                throw new InvalidJobException("modelOptions." + key, "modelOptions." + key
                        + " is not an option of engine simd: use " + String.join(", ", MODEL_OPTIONS));
            }
            List<String> models = switch (key) {
                case "depth", "hidden", "width", "param-budget" -> List.of("recursive");
                case "preset", "iterations" -> List.of("sequential2d");
                default -> List.of("mlp");
            };
            if (!models.contains(model)) {
                throw new InvalidJobException("modelOptions." + key, "modelOptions." + key + " " + given.get(key)
                        + " does not apply to model " + model + ": it only shapes model " + String.join(", ", models));
            }
        }
        if (given.containsKey("hidden") && given.containsKey("width")) {
            throw new InvalidJobException("modelOptions.width", "modelOptions.width and modelOptions.hidden both set the "
                    + "recursive net's hidden width: give one");
        }
        Integer depth = positiveInt(given, "modelOptions.", "depth", "applications of the tied layer, e.g. 4");
        Integer hidden = positiveInt(given, "modelOptions.", given.containsKey("width") ? "width" : "hidden",
                "the recursive net's hidden width, e.g. 128");
        Integer iterations = positiveInt(given, "modelOptions.", "iterations", "applications of the block map, e.g. 4");
        Long budget = null;
        if (given.containsKey("param-budget")) {
            budget = parseLongField("modelOptions.param-budget", given.get("param-budget"));
            if (budget < 1) {
                throw new InvalidJobException("modelOptions.param-budget", "modelOptions.param-budget " + budget
                        + " must be a positive parameter count, e.g. 78802");
            }
        }
        String layers = given.get("layers");
        if (layers != null && !layers.matches("\\s*\\d+\\s*(,\\s*\\d+\\s*)+")) {
            throw new InvalidJobException("modelOptions.layers", "modelOptions.layers '" + layers
                    + "' must be comma-separated layer sizes from input to output, e.g. 784,128,10");
        }
        if (layers != null && java.util.Arrays.stream(layers.split(",")).anyMatch(s -> Integer.parseInt(s.trim()) < 1)) {
            throw new InvalidJobException("modelOptions.layers", "modelOptions.layers '" + layers
                    + "' has a layer of width 0: every size must be at least 1");
        }
        return new Models.Options(depth, hidden, budget, given.get("preset"), iterations, layers);
    }

    private static Map<String, String> hyperparameters(Map<String, String> given) {
        Map<String, String> h = new LinkedHashMap<>();
        for (String key : HYPERPARAMETERS) {
            if (DEFAULTS.containsKey(key)) {
                h.put(key, DEFAULTS.get(key));
            }
        }
        for (Map.Entry<String, String> e : given.entrySet()) {
            if (!HYPERPARAMETERS.contains(e.getKey())) {
                throw new InvalidJobException("hyperparameters." + e.getKey(), "hyperparameters." + e.getKey()
                        + " is not a training option: use " + String.join(", ", HYPERPARAMETERS));
            }
            if (e.getValue() == null || e.getValue().isBlank()) {
                throw new InvalidJobException("hyperparameters." + e.getKey(), "hyperparameters." + e.getKey()
                        + " is empty: give a value or leave it out");
            }
            h.put(e.getKey(), e.getValue().trim());
        }
        String optimizer = h.get("optimizer").toLowerCase(Locale.ROOT);
        h.put("optimizer", optimizer);
        if (!h.containsKey("momentum")) {
            h.put("momentum", optimizer.equals("momentum") ? Double.toString(DEFAULT_MOMENTUM) : "0");
        }
        return h;
    }

    /** Each value through the engine's own check, one field at a time, so the message can name the field. */
    private static TrainConfig trainConfig(Map<String, String> h, long seed) {
        int epochs = parseInt(h, "epochs", 1, "passes over the train split, e.g. 10");
        int batch = parseInt(h, "batch", 1, "rows per step, e.g. 64");
        double lr = parseDouble(h, "lr");
        String optimizer = h.get("optimizer");
        double momentum = parseDouble(h, "momentum");
        boolean nesterov = parseBoolean(h, "nesterov");
        double weightDecay = parseDouble(h, "weight-decay");
        double clipNorm = parseDouble(h, "clip-norm");
        engine("hyperparameters.optimizer", () -> new OptimizerConfig(optimizer, 0.1,
                optimizer.equals("momentum") ? DEFAULT_MOMENTUM : 0, false, 0.9, 0.999, 1e-8, 0, 0));
        engine("hyperparameters.lr", () -> OptimizerConfig.sgd(lr));
        engine("hyperparameters.momentum", () -> OptimizerConfig.momentum(0.1, momentum, false));
        engine("hyperparameters.weight-decay", () -> OptimizerConfig.sgd(0.1).withWeightDecay(weightDecay));
        engine("hyperparameters.clip-norm", () -> OptimizerConfig.sgd(0.1).withClipNorm(clipNorm));
        OptimizerConfig opt = engine("hyperparameters", () -> new OptimizerConfig(optimizer, lr, momentum, nesterov,
                0.9, 0.999, 1e-8, weightDecay, clipNorm));
        Schedule schedule = engine("hyperparameters.schedule", () -> Schedule.parse(h.get("schedule").toLowerCase(Locale.ROOT)));
        int latencyCalls = parseInt(h, "latency-calls", 0, "0 skips the latency probe");
        int recordEvery = parseInt(h, "record-every", 1, "record metrics every N epochs, e.g. 1");
        return engine("hyperparameters", () -> new TrainConfig(epochs, batch, opt, schedule, seed, 1, latencyCalls, recordEvery));
    }

    private static <T> T engine(String field, Supplier<T> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidJobException(field, field + ": " + cli(e.getMessage()));
        }
    }

    /** The engine's messages speak of CLI options ({@code --lr}); a job names the field instead. */
    private static String cli(String message) {
        return message.replaceAll("--([a-z][a-z-]*) (?=[-0-9.])", "$1=").replaceAll("--([a-z][a-z-]*)", "$1");
    }

    private static int parseInt(Map<String, String> h, String key, int min, String hint) {
        String field = "hyperparameters." + key;
        long v = parseLongField(field, h.get(key));
        if (v < min || v > Integer.MAX_VALUE) {
            throw new InvalidJobException(field, field + " " + h.get(key) + " must be an integer ≥ " + min + " (" + hint + ")");
        }
        return (int) v;
    }

    private static long parseLong(Map<String, String> h, String key) {
        return parseLongField("hyperparameters." + key, h.get(key));
    }

    private static long parseLongField(String field, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidJobException(field, field + " '" + value + "' is not an integer");
        }
    }

    private static double parseDouble(Map<String, String> h, String key) {
        String field = "hyperparameters." + key;
        try {
            return Double.parseDouble(h.get(key).trim());
        } catch (NumberFormatException e) {
            throw new InvalidJobException(field, field + " '" + h.get(key) + "' is not a number");
        }
    }

    private static boolean parseBoolean(Map<String, String> h, String key) {
        String v = h.get(key).trim().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new InvalidJobException("hyperparameters." + key, "hyperparameters." + key + " '" + h.get(key)
                    + "' must be true or false");
        }
        return Boolean.parseBoolean(v);
    }

    private static Integer positiveInt(Map<String, String> given, String prefix, String key, String hint) {
        String v = given.get(key);
        if (v == null) {
            return null;
        }
        long n = parseLongField(prefix + key, v);
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw new InvalidJobException(prefix + key, prefix + key + " " + v + " must be a positive integer (" + hint + ")");
        }
        return (int) n;
    }
}
