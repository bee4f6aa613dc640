package dev.spacetime.cli;

import dev.spacetime.engine.data.DataSplit;
import dev.spacetime.engine.data.Datasets;
import dev.spacetime.engine.data.Normalization;
import dev.spacetime.engine.io.ModelFile;
import dev.spacetime.engine.kernel.KernelProvider;
import dev.spacetime.engine.model.Model;
import dev.spacetime.engine.model.ModelSpec;
import dev.spacetime.engine.model.Models;
import dev.spacetime.engine.model.RecursiveSpec;
import dev.spacetime.engine.train.RunResult;
import dev.spacetime.engine.train.TrainConfig;
import dev.spacetime.engine.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spacetime train}: load and normalise a data set, build the named model, train, report, optionally save.
 * Every input is checked before the data is loaded, so a typo fails in milliseconds, not after a download.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a model on a data set and report accuracy, time and inference latency.")
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "NAME",
            description = "standard-small, standard-medium, standard-large, recursive, sequential2d, iris, xor or mlp.")
    String model;

    @Option(names = "--dataset", required = true, paramLabel = "NAME",
            description = "mnist, mnist-50, fashion-mnist, iris or xor.")
    String dataset;

    @Mixin
    TrainingOptions training;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--train-limit", paramLabel = "N", defaultValue = "0",
            description = "Train on the first N rows of the train split only; 0 = all (default).")
    int trainLimit;

    @Option(names = "--split-seed", paramLabel = "N", defaultValue = "0",
            description = "Seed of the train/validation (Iris: train/test) split (default ${DEFAULT-VALUE}).")
    long splitSeed;

    @Mixin
    DataSourceOptions data;

    @Option(names = "--out", paramLabel = "FILE", description = "Save the trained model (weights, normalisation, metadata).")
    Path out;

    @Option(names = "--json", description = "Print the run as one JSON object on the last line of stdout.")
    boolean json;

    @Override
    public Integer call() {
        String modelName = Choices.model(model);
        String datasetName = Choices.dataset(dataset);
        modelOptions.check(modelName);
        TrainConfig config = training.toConfig();
        if (trainLimit < 0) {
            throw new UserError("--train-limit " + trainLimit + " must be ≥ 0 (0 trains on the whole train split)");
        }
        Path modelFile = out == null ? null : OutputPath.check(out);

        PrintWriter err = spec.commandLine().getErr();
        DataSplit raw = data.load(datasetName, splitSeed, trainLimit, err);
        Normalization normalization = Datasets.defaultNormalization(datasetName, raw);
        DataSplit split = raw.normalized(normalization);
        Model net = build(modelName, split, config.seed());
        RunResult result;
        try (Progress progress = Progress.to(err, config.epochs())) {
            result = new Trainer(config, KernelProvider.get()).train(net, split, progress);
        }
        if (modelFile != null) {
            save(modelFile, net, normalization,
                    ModelMetadata.of(modelName, datasetName, splitSeed, trainLimit, modelOptions, result));
        }
        report(result, modelFile);
        return ExitCodes.OK;
    }

    /** With --json, stdout carries the JSON line alone, so that a script can parse it; the report goes to stderr. */
    private PrintWriter human() {
        return json ? spec.commandLine().getErr() : spec.commandLine().getOut();
    }

    private Model build(String modelName, DataSplit split, long seed) {
        ModelSpec modelSpec = Models.resolve(modelName, modelOptions.toEngine(), split.train().features(),
                split.train().classes(), seed);
        if (modelSpec instanceof RecursiveSpec r && modelOptions.paramBudget != null) {
            human().println("recursive: --param-budget " + Format.count(modelOptions.paramBudget) + " -> width "
                    + r.hidden() + ", exactly " + Format.count(r.parameterCount()) + " parameters (depth " + r.depth() + ")");
            human().flush();
        }
        Model net = modelSpec.build();
        net.initialize(seed);
        return net;
    }

    private void report(RunResult result, Path modelFile) {
        TrainSummary.print(human(), result, modelFile);
        if (json) {
            Map<String, Object> fields = new LinkedHashMap<>(result.toMap());
            if (modelFile != null) {
                fields.put("model_file", modelFile.toString());
            }
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.println(Json.line(fields));
            stdout.flush();
        }
    }

    /** The path was checked before training; what can still fail here is the disk (full, gone read-only). */
    private static void save(Path file, Model net, Normalization normalization, Map<String, String> metadata) {
        try {
            ModelFile.save(file, net, normalization, metadata);
        } catch (IOException e) {
            throw new UserError("cannot write the model to " + file + ": " + e, e);
        }
    }
}
