package dev.spacetime.cli;

import dev.spacetime.engine.data.DataOptions;
import dev.spacetime.engine.deep.DeepAblation;
import dev.spacetime.engine.deep.DeepListener;
import dev.spacetime.engine.deep.DeepOptions;
import dev.spacetime.engine.deep.DeepSpec;
import dev.spacetime.engine.deep.HeadFile;
import dev.spacetime.engine.deep.Mnist;
import dev.spacetime.engine.deep.TrainSettings;
import dev.spacetime.engine.kernel.DeepKernelsProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spacetime deep ablate}: the same step budget at depths 0, 100, 10⁴ and L and a 784-128-10 MLP, side by
 * side. The depth-L row can reuse a finished {@code deep train} run (--weights/--head with the same settings)
 * instead of training it again.
 */
@Command(name = "ablate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "What depth buys: the same steps at depths 0, 100, 10^4 and L, and a 784-128-10 MLP, same seed.")
final class DeepAblateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DeepShapeOptions shape;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "1000", description = "Steps for every row (default ${DEFAULT-VALUE}).")
    long steps;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "16", description = "Rows per step (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--layer-lr", paramLabel = "LR", defaultValue = "0.01", description = "Layer learning rate (default ${DEFAULT-VALUE}).")
    float layerLr;

    @Option(names = "--head-lr", paramLabel = "LR", defaultValue = "0.05", description = "Head learning rate (default ${DEFAULT-VALUE}).")
    float headLr;

    @Option(names = "--mlp-lr", paramLabel = "LR", defaultValue = "0.05", description = "MLP learning rate (default ${DEFAULT-VALUE}).")
    float mlpLr;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of inits and stream (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--weights", paramLabel = "FILE",
            description = "A finished depth-L run to evaluate instead of training depth L again (its head file: FILE.head or --head).")
    Path weights;

    @Option(names = "--head", paramLabel = "FILE", description = "Head file of --weights (default FILE.head).")
    Path head;

    @Option(names = "--in-memory", description = "Train depth L in RAM (smaller depths always are).")
    boolean inMemory;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where the rows' model files go (default: a temporary folder, removed after).")
    Path workDir;

    @Mixin
    DataSourceOptions data;

    @Option(names = "--json", description = "Print the table as one JSON object on the last line of stdout.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        DeepSpec full = shape.spec();
        TrainSettings settings = new TrainSettings(batch, seed, layerLr, headLr);
        PrintWriter err = spec.commandLine().getErr();
        DeepListenerLines log = new DeepListenerLines(err);
        Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("spacetime-ablate");
        Mnist mnist = Mnist.load(data.dataDir, data.cacheDir == null ? DataOptions.defaultCacheDir() : data.cacheDir, log::log);
        int threads = Runtime.getRuntime().availableProcessors();
        List<DeepAblation.Row> rows = new ArrayList<>();
        try {
            for (long depth : DeepAblation.depths(full.layers())) {
                DeepSpec s = shape.spec(depth);
                boolean reuse = depth == full.layers() && weights != null;
                Path w = reuse ? weights : dir.resolve("depth-" + depth + ".weights");
                Path h = reuse ? (head != null ? head : weights.resolveSibling(weights.getFileName() + ".head"))
                        : dir.resolve("depth-" + depth + ".head");
                if (reuse) {
                    HeadFile hf = HeadFile.read(h);
                    if (!hf.spec().equals(s) || hf.step() != steps || !settings.equals(hf.settings())) {
                        throw new UserError(weights + " is not a finished run of " + s.describe() + " with " + steps
                                + " steps and these settings: drop --weights to train depth L here");
                    }
                }
                err.println("ablate: " + (reuse ? "evaluating the finished run " + weights : "training depth " + depth));
                err.flush();
                boolean memory = depth < full.layers() || inMemory;
                DeepOptions o = new DeepOptions(steps, 0, memory, false, steps, Math.max(1, steps / 5));
                rows.add(DeepAblation.depth(w, h, s, 0, seed, settings, o, !reuse, mnist, DeepKernelsProvider.get(),
                        threads, depth >= 1_000_000 ? log : DeepListener.NONE));
            }
            err.println("ablate: training the MLP 784-128-10");
            err.flush();
            rows.add(DeepAblation.mlp(mnist, steps, batch, seed, mlpLr));
        } finally {
            if (workDir == null) {
                try (Stream<Path> all = Files.walk(dir)) {
                    all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        PrintWriter human = json ? err : spec.commandLine().getOut();
        human.println(String.format(Locale.ROOT, "%-28s %14s %10s %10s %10s", "model (" + steps + " steps, batch " + batch + ")",
                "parameters", "test acc", "test loss", "train s"));
        for (DeepAblation.Row r : rows) {
            human.println(String.format(Locale.ROOT, "%-28s %14s %10.4f %10.4f %10s", r.model(), Format.count(r.parameters()),
                    r.testAccuracy(), r.testLoss(), Double.isFinite(r.trainSeconds())
                            ? String.format(Locale.ROOT, "%.1f", r.trainSeconds()) : "reused"));
        }
        human.flush();
        if (json) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (DeepAblation.Row r : rows) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("model", r.model());
                m.put("layers", r.layers());
                m.put("parameters", r.parameters());
                m.put("test_accuracy", r.testAccuracy());
                m.put("test_loss", r.testLoss());
                m.put("train_seconds", r.trainSeconds());
                list.add(m);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("steps", steps);
            out.put("batch", batch);
            out.put("width", full.width());
            out.put("activation", full.activation().id());
            out.put("rows", list);
            spec.commandLine().getOut().println(Json.line(out));
            spec.commandLine().getOut().flush();
        }
        return ExitCodes.OK;
    }
}
