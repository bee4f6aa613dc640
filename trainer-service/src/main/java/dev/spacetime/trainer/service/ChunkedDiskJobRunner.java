package dev.spacetime.trainer.service;

import dev.spacetime.contracts.EngineKind;
import dev.spacetime.contracts.TrainingJob;
import dev.spacetime.engine.deep.DeepEval;
import dev.spacetime.engine.deep.DeepException;
import dev.spacetime.engine.deep.DeepInit;
import dev.spacetime.engine.deep.DeepListener;
import dev.spacetime.engine.deep.DeepPlan;
import dev.spacetime.engine.deep.DeepResult;
import dev.spacetime.engine.deep.DeepSpec;
import dev.spacetime.engine.deep.DeepTrainer;
import dev.spacetime.engine.deep.HeadFile;
import dev.spacetime.engine.deep.Mnist;
import dev.spacetime.engine.kernel.DeepKernels;
import dev.spacetime.engine.kernel.DeepKernelsProvider;
import dev.spacetime.engine.train.MemoryStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The chunked-disk engine ({@code dev.spacetime.engine.deep}): a job becomes the run {@code spacetime deep train}
 * makes with the same options, on MNIST. The weight file, its head file and its second checkpoint slot live in the
 * job's folder ({@code jobs/<id>/deep.weights[.head|.shadow]}): the first delivery creates them, a redelivery after a
 * crash resumes from the checkpoint the head file names (the engine's own crash-safe commit record, so the trainer
 * writes no checkpoint of its own). At the end: the 10k test set, then the weights and head published as
 * {@code models/<name>/<version>/deep.weights} + {@code deep.weights.head}.
 */
public final class ChunkedDiskJobRunner implements JobRunner {

    static final String WEIGHTS = "deep.weights";
    static final String HEAD = WEIGHTS + ".head";
    private static final String MODEL = "deep";
    private static final String DATASET = "mnist";
    /** MNIST's training images: a chunked-disk run samples all of them, so an epoch is this many rows. */
    static final long TRAIN_IMAGES = 60_000;

    private final ArtifactStore store;
    private final MnistCache data;

    public ChunkedDiskJobRunner(ArtifactStore store, Path dataDir) {
        this.store = store;
        this.data = new MnistCache(dataDir);
    }

    @Override
    public EngineKind engine() {
        return EngineKind.CHUNKED_DISK;
    }

    @Override
    public List<String> modelOptionNames() {
        return DeepJobFields.MODEL_OPTIONS;
    }

    /** A validated chunked-disk job. */
    record DeepJobPlan(String jobId, DeepJobFields fields, Map<String, String> attributes) implements Plan {
        @Override
        public int epochs() {
            return 0;
        }

        @Override
        public long steps() {
            return fields.options().steps();
        }

        String modelName() {
            return ChunkedDiskJobRunner.modelName(fields.spec());
        }
    }

    @Override
    public Plan plan(TrainingJob job) {
        String model = job.model() == null ? null : job.model().trim().toLowerCase(Locale.ROOT);
        if (!MODEL.equals(model)) {
            throw new InvalidJobException("model", "model '" + job.model() + "' is not one engine chunked-disk trains: "
                    + "use deep (a residual stack; shape it with modelOptions.layers, width, activation)");
        }
        String dataset = job.dataset() == null ? DATASET : job.dataset().trim().toLowerCase(Locale.ROOT);
        if (!DATASET.equals(dataset)) {
            throw new InvalidJobException("dataset", "dataset '" + job.dataset() + "': engine chunked-disk trains on "
                    + "mnist only (all 60,000 training images; the 10,000 test images evaluate it)");
        }
        DeepJobFields fields = DeepJobFields.parse(job.modelOptions(), job.hyperparameters(), job.seed());
        checkEpochLimit(fields, job.limits().maxEpochs());
        checkPlan(fields, store.jobDir(job.jobId()).resolve(WEIGHTS));
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("model", MODEL);
        attributes.put("dataset", dataset);
        attributes.put("engine", EngineKind.CHUNKED_DISK.wire());
        attributes.put("seed", Long.toString(job.seed()));
        if (job.sweepId() != null) {
            attributes.put("sweep", job.sweepId());
        }
        attributes.putAll(fields.values());
        return new DeepJobPlan(job.jobId(), fields, attributes);
    }

    /**
     * {@code limits.maxEpochs} holds for chunked-disk jobs as for SIMD ones. They count steps, not epochs, so the
     * limit applies to the passes over the training set that the steps make: {@code ceil(steps × batch / 60,000)}.
     */
    private static void checkEpochLimit(DeepJobFields f, int maxEpochs) {
        long steps = f.options().steps();
        long batch = f.settings().batch();
        long epochs = Math.ceilDiv(steps * batch, TRAIN_IMAGES);
        if (maxEpochs > 0 && epochs > maxEpochs) {
            long maxSteps = maxEpochs * TRAIN_IMAGES / batch;
            throw new InvalidJobException("hyperparameters.steps", "hyperparameters.steps " + steps + " at batch " + batch
                    + " is " + epochs + " epochs of MNIST's " + TRAIN_IMAGES + " training images, which exceeds "
                    + "limits.maxEpochs " + maxEpochs + ": ask for at most " + maxSteps + " steps at batch " + batch
                    + " or raise the limit");
        }
    }

    /**
     * The engine's planner on this trainer's artifact store and heap: a job whose files or memory cannot fit fails
     * now, naming the option that sizes it. A job whose files exist (a redelivery) has its disk already; the engine
     * checks it again when the run opens.
     */
    private static void checkPlan(DeepJobFields f, Path weights) {
        DeepPlan plan = DeepJobFields.engine("chunk-layers", () -> DeepPlan.forNewModel(f.spec(), f.chunkLayers(),
                f.settings().batch(), f.options(), weights));
        boolean resumable = Files.exists(weights.resolveSibling(HEAD));
        for (String refusal : plan.refusals()) {
            boolean disk = refusal.startsWith("not enough disk");
            if (disk && resumable) {
                continue;
            }
            String key = disk ? "layers" : f.options().inMemory() ? "in-memory"
                    : f.options().storeActivations() ? "store-activations" : "layers";
            throw new InvalidJobException(DeepJobFields.field(key), DeepJobFields.field(key) + " "
                    + f.values().get(key) + ": the planner refuses the job: "
                    + refusal.replace("put --weights on a larger disk", "give the trainer a larger spacetime.artifact-dir")
                            .replaceAll("--([a-z][a-z-]*)", "$1"));
        }
    }

    @Override
    public Outcome run(Plan p, RunContext ctx) {
        DeepJobPlan plan = (DeepJobPlan) p;
        DeepJobFields f = plan.fields();
        Path dir = ctx.jobDir();
        Path weights = dir.resolve(WEIGHTS);
        Path head = dir.resolve(HEAD);
        DeepKernels kernels = DeepKernelsProvider.get();
        DeepListener listener = new DeepProgress(plan.jobId(), ctx);
        Mnist mnist = data.get(ctx::log);
        if (!Files.exists(head)) {
            // No head file: nothing was committed (a crash during init leaves at most a weight file without one).
            deleteLeftovers(weights);
            DeepInit.create(weights, head, f.spec(), f.chunkLayers(), f.settings().seed(), listener);
        }
        HeadFile recorded = HeadFile.read(head);
        if (!recorded.spec().equals(f.spec())) {
            throw new DeepException(head + " holds " + recorded.spec().describe() + ", not the job's "
                    + f.spec().describe() + ": the job's folder belongs to another run");
        }
        boolean resume = recorded.settings() != null;
        ctx.startedAtStep(recorded.step(), details(f, kernels, ctx.threads()));
        DeepResult result;
        try (DeepTrainer trainer = DeepTrainer.open(weights, head, f.settings(), resume, f.options(), kernels, mnist,
                listener)) {
            result = trainer.run(listener);
        }
        DeepEval.Result test = DeepEval.run(weights, head, mnist, kernels, ctx.threads());
        String headSha;
        try {
            headSha = Digests.sha256(head);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + head, e);
        }
        Map<String, String> architecture = architecture(f, headSha, head);
        return new Outcome(plan.modelName(), architecture, headline(f, result, test),
                RunMaps.finite(run(plan, result, test, ctx.threads())), WEIGHTS, file -> DeepArtifact.publish(weights, head, file));
    }

    private static void deleteLeftovers(Path weights) {
        try {
            for (String suffix : List.of("", ".tmp", ".shadow")) {
                Files.deleteIfExists(weights.resolveSibling(weights.getFileName() + suffix));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + weights.getParent() + " for a fresh run", e);
        }
    }

    /** The registry name: {@code deep-l<layers>-w<width>-<activation>} (versions tell runs of one shape apart). */
    static String modelName(DeepSpec s) {
        return "deep-l" + s.layers() + "-w" + s.width() + "-" + s.activation().id();
    }

    private static Map<String, String> details(DeepJobFields f, DeepKernels kernels, int threads) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("model_name", modelName(f.spec()));
        d.put("params", Long.toString(params(f.spec())));
        d.put("weight_bytes", Long.toString(f.spec().dataBytes()));
        d.put("kernels", kernels.id());
        d.put("threads", Integer.toString(threads));
        d.put("mode", f.options().mode());
        return d;
    }

    /** Trainable parameters: L·(w² + w) in the stack, 784·w + w in the input projection, 10·w + 10 in the head. */
    static long params(DeepSpec s) {
        long w = s.width();
        return s.layers() * (w * w + w) + 784 * w + w + 10 * w + 10;
    }

    private static Map<String, String> architecture(DeepJobFields f, String headSha, Path head) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("engine", EngineKind.CHUNKED_DISK.wire());
        a.put("kind", "deep-residual");
        a.put("layers", Long.toString(f.spec().layers()));
        a.put("width", Integer.toString(f.spec().width()));
        a.put("activation", f.spec().activation().id());
        a.put("alpha", Float.toString(f.spec().alpha()));
        a.put("params", Long.toString(params(f.spec())));
        a.put("inputs", "784");
        a.put("classes", "10");
        a.put("head_file", HEAD);
        a.put("head_sha256", headSha);
        try {
            a.put("head_bytes", Long.toString(Files.size(head)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + head, e);
        }
        return a;
    }

    /** The COMPLETED event's figures (finite values only). */
    private static Map<String, Double> headline(DeepJobFields f, DeepResult r, DeepEval.Result test) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("test_accuracy", test.accuracy());
        m.put("test_loss", test.loss());
        m.put("params", (double) params(f.spec()));
        m.put("steps", (double) r.steps());
        m.put("train_seconds", r.trainSeconds());
        m.put("step_seconds_median", r.stepSecondsMedian());
        m.put("layer_samples_per_s", f.spec().layers() * (double) r.batch() / r.stepSecondsMedian());
        m.put("final_loss", r.finalLoss());
        m.put("final_batch_accuracy", r.finalAccuracy());
        m.put("bytes_read", (double) r.bytesRead());
        m.put("bytes_written", (double) r.bytesWritten());
        m.put("peak_rss_bytes", (double) r.peakRssBytes());
        m.put("peak_heap_bytes", (double) MemoryStats.peakHeapBytes());
        m.put("eval_seconds", test.seconds());
        m.values().removeIf(v -> v == null || !Double.isFinite(v));
        return m;
    }

    /** {@code deep train --json} plus what the SIMD run record has where it applies. */
    private static Map<String, Object> run(DeepJobPlan plan, DeepResult r, DeepEval.Result test, int threads) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", plan.modelName());
        m.put("engine", EngineKind.CHUNKED_DISK.wire());
        m.put("dataset", DATASET);
        m.put("params", params(plan.fields().spec()));
        m.put("seed", plan.fields().settings().seed());
        m.put("layer_lr", plan.fields().settings().layerLr());
        m.put("head_lr", plan.fields().settings().headLr());
        m.putAll(r.toMap());
        m.put("threads", threads);
        m.put("test_accuracy", test.accuracy());
        m.put("test_loss", test.loss());
        m.put("test_rows", test.rows());
        m.put("eval_seconds", test.seconds());
        m.put("peak_heap_bytes", MemoryStats.peakHeapBytes());
        return m;
    }
}
