package dev.spacetime.cli;

import dev.spacetime.engine.data.DataOptions;
import dev.spacetime.engine.experiment.CsvExport;
import dev.spacetime.engine.experiment.ExperimentResult;
import dev.spacetime.engine.experiment.ExperimentResult.ConfigSummary;
import dev.spacetime.engine.experiment.ExperimentRunner;
import dev.spacetime.engine.experiment.Findings;
import dev.spacetime.engine.experiment.Preset;
import dev.spacetime.engine.experiment.Presets;
import dev.spacetime.engine.experiment.RunConfig;
import dev.spacetime.engine.experiment.Summary;
import dev.spacetime.engine.kernel.KernelProvider;
import dev.spacetime.engine.train.TrainConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code spacetime experiment NAME}: a published experiment re-run with a fair protocol over several seeds, printed
 * as a table of mean ± std with 95% intervals, the winners by category and what the results say about the claims.
 */
@Command(name = "experiment", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a published experiment over seeds: recursive-vs-standard, sequential2d, xor or iris.")
final class ExperimentCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "recursive-vs-standard, sequential2d, xor or iris.")
    String name;

    @Option(names = "--quick", description = "One grid point per model, or shorter runs.")
    boolean quick;

    @Option(names = "--seeds", paramLabel = "N", description = "Seeds per configuration (default: the preset's).")
    Integer seeds;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate override (sequential2d: default 1e-4, the paper's code).")
    Double lr;

    @Option(names = "--threads", paramLabel = "N", description = "Kernel threads for the MNIST presets (default: all cores).")
    Integer threads;

    @Option(names = "--train-limit", paramLabel = "N", defaultValue = "0",
            description = "Train on the first N rows only (smoke runs); 0 = the preset's own setting.")
    int trainLimit;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write one row per run with every configuration field.")
    Path csv;

    @Option(names = "--json", description = "Print {\"runs\": [...], \"summary\": {...}} as the last line of stdout.")
    boolean json;

    @Option(names = "--on-stack", description = "Run it through the local stack (started if needed): jobs via Kafka to "
            + "trainer-service, the table from results-service, a prediction from inference-service.")
    boolean onStack;

    @Mixin
    DataSourceOptions data;

    @Mixin
    StackOptions stack;

    @Override
    public Integer call() {
        if (!Presets.NAMES.contains(name)) {
            throw new UserError("unknown experiment '" + name + "': use one of " + String.join(", ", Presets.NAMES));
        }
        int t = threads == null ? TrainConfig.defaultThreads() : threads;
        if (t < 1) {
            throw new UserError("--threads " + t + " must be at least 1");
        }
        if (lr != null && !(lr > 0 && Double.isFinite(lr))) {
            throw new UserError("--lr " + lr + " must be a finite number > 0");
        }
        if (trainLimit < 0) {
            throw new UserError("--train-limit " + trainLimit + " must be ≥ 0");
        }
        if (onStack) {
            return runOnStack();
        }
        Path csvFile = csv == null ? null : OutputPath.check(csv);
        Preset preset = Presets.get(name, quick, t, lr);
        if (seeds != null) {
            if (seeds < 1) {
                throw new UserError("--seeds " + seeds + " must be at least 1");
            }
            preset = preset.withSeedCount(seeds);
        }
        if (trainLimit > 0) {
            preset = preset.withTrainLimit(trainLimit);
        }

        PrintWriter err = spec.commandLine().getErr();
        PrintWriter human = json ? err : spec.commandLine().getOut();
        human.println(preset.name() + ": " + preset.description());
        human.println("seeds " + preset.seeds() + "; " + preset.configs().size() + " configurations, " + preset.runs() + " runs");
        human.flush();
        ExperimentRunner runner = new ExperimentRunner(KernelProvider.get(), dataOptions(), line -> {
            err.println(line);
            err.flush();
        });
        ExperimentResult result = runner.run(preset, new ExperimentRunner.Listener() {
            @Override
            public void runFinished(int index, int total, RunConfig config, ExperimentResult.Run run) {
                err.println(String.format(Locale.ROOT, "run %d/%d  %s  seed %d  test_acc %.4f  train %.4f s",
                        index, total, config.label(), config.train().seed(), run.result().test().accuracy(),
                        run.trainSeconds()));
                err.flush();
            }
        });
        printTable(human, result);
        if (csvFile != null) {
            write(csvFile, CsvExport.toCsv(result));
            human.println("CSV: " + csvFile);
        }
        human.flush();
        if (json) {
            PrintWriter out = spec.commandLine().getOut();
            out.println(Json.line(result.toMap()));
            out.flush();
        }
        return ExitCodes.OK;
    }

    /**
     * The same configurations and seeds as a sweep on the platform. Options that only steer the in-process run
     * (threads, learning-rate override, CSV file) are refused rather than silently ignored: the trainer's own
     * config sets its threads, and results-service serves the CSV.
     */
    private int runOnStack() {
        if (lr != null || threads != null || csv != null) {
            throw new UserError("--on-stack runs the preset as published: drop " + (lr != null ? "--lr" : threads != null
                    ? "--threads" : "--csv") + " (results-service serves the CSV: the link is printed at the end)");
        }
        if (seeds != null && seeds < 1) {
            throw new UserError("--seeds " + seeds + " must be at least 1");
        }
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter human = json ? err : spec.commandLine().getOut();
        var result = new StackExperiment(stack.builder(err).build(), data, human, err).run(name, quick, seeds, trainLimit);
        if (json) {
            PrintWriter out = spec.commandLine().getOut();
            out.println(Json.line(result));
            out.flush();
        }
        return ExitCodes.OK;
    }

    private DataOptions dataOptions() {
        if (data.dataDir != null && !Files.isDirectory(data.dataDir)) {
            throw new UserError("--data-dir " + data.dataDir + " is not a directory");
        }
        return new DataOptions(data.dataDir, data.cacheDir == null ? DataOptions.defaultCacheDir() : data.cacheDir, 0, 0);
    }

    private static void printTable(PrintWriter out, ExperimentResult result) {
        out.println();
        out.println(String.format(Locale.ROOT, "%-40s %10s %5s %-26s %-15s %-12s %-10s %-10s", "configuration", "params",
                "seeds", "test accuracy (95% CI)", "train s", "epoch s", "p50 µs", "p99 µs"));
        for (ConfigSummary c : result.summaries()) {
            out.println(String.format(Locale.ROOT, "%-40s %10s %5d %-26s %-15s %-12s %-10s %-10s", c.label(),
                    Format.count(c.params()), c.seeds(), accuracy(c.testAccuracy()), c.trainSeconds().format("%.3f"),
                    c.epochSeconds().format("%.4f"), c.inferenceP50Micros().format("%.2f"),
                    c.inferenceP99Micros().format("%.2f")));
        }
        out.println();
        out.println("winners (mean over seeds)");
        result.winners().forEach((category, c) -> out.println(String.format(Locale.ROOT, "  %-22s %s", category, c.label())));
        out.println();
        for (String finding : Findings.of(result)) {
            out.println("finding: " + finding);
        }
        for (String note : result.preset().notes()) {
            out.println("note:    " + note);
        }
    }

    private static String accuracy(Summary s) {
        if (s.n() <= 1) {
            return String.format(Locale.ROOT, "%.4f", s.mean());
        }
        return String.format(Locale.ROOT, "%.4f ± %.4f [%.4f, %.4f]", s.mean(), s.std(), s.ciLow(), s.ciHigh());
    }

    private static void write(Path file, String content) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UserError("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
