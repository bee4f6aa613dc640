package dev.spacetime.cli;

import dev.spacetime.engine.data.DataOptions;
import dev.spacetime.engine.deep.DeepEval;
import dev.spacetime.engine.deep.Mnist;
import dev.spacetime.engine.kernel.DeepKernelsProvider;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spacetime deep eval}: accuracy and loss on the full 10k MNIST test set. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a deep model on the 10,000 MNIST test images (one pass over the weight file).")
final class DeepEvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DeepFiles files;

    @Option(names = "--threads", paramLabel = "N", description = "Threads (default: every core).")
    Integer threads;

    @Mixin
    DataSourceOptions data;

    @Option(names = "--json", description = "Print the result as one JSON object on the last line of stdout.")
    boolean json;

    @Override
    public Integer call() {
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (t < 1) {
            throw new UserError("--threads " + t + " must be ≥ 1");
        }
        DeepListenerLines log = new DeepListenerLines(spec.commandLine().getErr());
        Mnist mnist = Mnist.load(data.dataDir, data.cacheDir == null ? DataOptions.defaultCacheDir() : data.cacheDir, log::log);
        DeepEval.Result r = DeepEval.run(files.weights, files.head(), mnist, DeepKernelsProvider.get(), t);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("test_accuracy", r.accuracy());
        m.put("test_loss", r.loss());
        m.put("eval_seconds", r.seconds());
        m.put("rows", r.rows());
        m.put("step", r.step());
        m.put("kernels", DeepKernelsProvider.get().id());
        if (json) {
            spec.commandLine().getOut().println(Json.line(m));
        } else {
            spec.commandLine().getOut().println(String.format(Locale.ROOT,
                    "test accuracy %.4f  test loss %.4f  (%d images, model at step %d, %.1f s)", r.accuracy(), r.loss(),
                    r.rows(), r.step(), r.seconds()));
        }
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
