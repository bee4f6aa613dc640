package dev.spacetime.cli;

import dev.spacetime.engine.data.DataOptions;
import dev.spacetime.engine.deep.DeepInit;
import dev.spacetime.engine.deep.DeepOptions;
import dev.spacetime.engine.deep.DeepResult;
import dev.spacetime.engine.deep.DeepTrainer;
import dev.spacetime.engine.deep.HeadFile;
import dev.spacetime.engine.deep.Mnist;
import dev.spacetime.engine.deep.TrainSettings;
import dev.spacetime.engine.kernel.DeepKernelsProvider;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spacetime deep train}: exact chunked SGD on MNIST (all 60k training images), checkpointed; {@code --resume}
 * continues an interrupted or finished run up to {@code --steps} steps in total.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a deep stack with exact SGD (chunked from the file, or --in-memory); crash-safe checkpoints.")
final class DeepTrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DeepFiles files;

    @Mixin
    DeepShapeOptions shape;

    @Option(names = "--steps", required = true, paramLabel = "N", description = "Total steps of the run.")
    long steps;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "16", description = "Rows per step (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--layer-lr", paramLabel = "LR", defaultValue = "0.01",
            description = "SGD learning rate of the stack's layers (default ${DEFAULT-VALUE}).")
    float layerLr;

    @Option(names = "--head-lr", paramLabel = "LR", defaultValue = "0.05",
            description = "SGD learning rate of the input projection and the output head (default ${DEFAULT-VALUE}).")
    float headLr;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the minibatch stream (and of the initialisation when this command creates the model).")
    long seed;

    @Option(names = "--chunk-layers", paramLabel = "C", defaultValue = "0",
            description = "Layers recomputed from one stored boundary (default: the file's chunk layout, ≈ sqrt(L)).")
    int chunkLayers;

    @Option(names = "--in-memory", description = "Hold the whole stack in RAM; write it back at checkpoints.")
    boolean inMemory;

    @Option(names = "--store-activations",
            description = "Keep every layer's input from the forward pass instead of recomputing it per chunk.")
    boolean storeActivations;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "100",
            description = "Steps between durable checkpoints; the last step is always one (default ${DEFAULT-VALUE}).")
    long checkpointEvery;

    @Option(names = "--report-every", paramLabel = "N", defaultValue = "100",
            description = "Steps between progress lines on stderr (default ${DEFAULT-VALUE}).")
    long reportEvery;

    @Option(names = "--resume", description = "Continue the run recorded in the head file (same settings).")
    boolean resume;

    @Mixin
    DataSourceOptions data;

    @Option(names = "--json", description = "Print the run as one JSON object on the last line of stdout.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        DeepListenerLines log = new DeepListenerLines(err);
        DeepOptions options = new DeepOptions(steps, chunkLayers, inMemory, storeActivations, checkpointEvery, reportEvery);
        TrainSettings settings = settings();
        if (!Files.exists(files.weights)) {
            if (shape.layers == null) {
                throw new UserError("weight file " + files.weights + " does not exist: create it with 'spacetime deep init', "
                        + "or give --layers (and --width, --activation) to create it here");
            }
            if (resume) {
                throw new UserError("--resume needs an existing run, but " + files.weights + " does not exist");
            }
            DeepInit.create(files.weights, files.head(), shape.spec(), chunkLayers, seed, log);
        } else if (shape.layers != null) {
            HeadFile hf = HeadFile.read(files.head());
            if (!hf.spec().equals(shape.spec(hf.spec().layers())) || hf.spec().layers() != shape.layers) {
                throw new UserError(files.weights + " holds " + hf.spec().describe() + ", not the --layers/--width/"
                        + "--activation given: drop those options to train it, or give another --weights to create a new model");
            }
        }
        Mnist mnist = Mnist.load(data.dataDir, data.cacheDir == null ? DataOptions.defaultCacheDir() : data.cacheDir, log::log);
        DeepResult result;
        try (DeepTrainer trainer = DeepTrainer.open(files.weights, files.head(), settings, resume, options,
                DeepKernelsProvider.get(), mnist, log)) {
            result = trainer.run(log);
        }
        PrintWriter human = json ? err : spec.commandLine().getOut();
        human.println(String.format(Locale.ROOT, "trained %s: steps %d (this run %d), %s, batch %d, chunks of %,d layers, kernels %s",
                result.spec().describe(), result.steps(), result.steps() - result.firstStep(), result.mode()
                        + (result.storeActivations() ? " + stored activations" : ""), result.batch(),
                result.chunkLayers(), result.kernels()));
        human.println(String.format(Locale.ROOT, "median step %.3f s, final loss %.4f, read %s, written %s, peak RSS %s",
                result.stepSecondsMedian(), result.finalLoss(), dev.spacetime.engine.deep.DeepPlan.bytes(result.bytesRead()),
                dev.spacetime.engine.deep.DeepPlan.bytes(result.bytesWritten()),
                dev.spacetime.engine.deep.DeepPlan.bytes(result.peakRssBytes())));
        human.flush();
        if (json) {
            Map<String, Object> m = result.toMap();
            m.put("weights", files.weights.toString());
            m.put("head", files.head().toString());
            spec.commandLine().getOut().println(Json.line(m));
            spec.commandLine().getOut().flush();
        }
        return ExitCodes.OK;
    }

    /** With --resume, the recorded settings, except where an option was given explicitly (then they must agree). */
    private TrainSettings settings() {
        TrainSettings asked = new TrainSettings(batch, seed, layerLr, headLr);
        if (!resume || !Files.exists(files.head())) {
            return asked;
        }
        TrainSettings recorded = HeadFile.read(files.head()).settings();
        if (recorded == null) {
            return asked;
        }
        var pr = spec.commandLine().getParseResult();
        return new TrainSettings(pr.hasMatchedOption("--batch") ? batch : recorded.batch(),
                pr.hasMatchedOption("--seed") ? seed : recorded.seed(),
                pr.hasMatchedOption("--layer-lr") ? layerLr : recorded.layerLr(),
                pr.hasMatchedOption("--head-lr") ? headLr : recorded.headLr());
    }
}
