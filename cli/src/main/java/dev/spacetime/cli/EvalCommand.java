package dev.spacetime.cli;

import dev.spacetime.engine.data.DataSplit;
import dev.spacetime.engine.data.Dataset;
import dev.spacetime.engine.io.ModelFile;
import dev.spacetime.engine.kernel.KernelProvider;
import dev.spacetime.engine.kernel.Kernels;
import dev.spacetime.engine.model.Model;
import dev.spacetime.engine.train.Evaluation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spacetime eval}: a saved model's loss and accuracy on its data set's test split. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a saved model on the test split of its data set.")
final class EvalCommand implements Callable<Integer> {

    /** Rows per forward pass: large enough to amortise the per-call overhead, small enough for any cache. */
    static final int EVAL_BATCH = 1000;

    @Spec
    CommandSpec spec;

    @Option(names = "--model-file", required = true, paramLabel = "FILE", description = "A model saved by `spacetime train --out`.")
    Path modelFile;

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "Data set to test on (default: the one the model was trained on, from the file's metadata).")
    String dataset;

    @Mixin
    DataSourceOptions data;

    @Option(names = "--json", description = "Print the result as one JSON object on the last line of stdout.")
    boolean json;

    @Override
    public Integer call() {
        ModelFile file = ModelFiles.load(modelFile);
        String datasetName = Choices.dataset(dataset != null ? dataset : recordedDataset(file));
        // Iris draws its test rows with the split seed, so the seed the model was trained with is the one to reuse.
        long splitSeed = Long.parseLong(file.metadata().getOrDefault(ModelMetadata.SPLIT_SEED, "0"));
        DataSplit split = data.load(datasetName, splitSeed, 0, spec.commandLine().getErr());
        Model model = file.model();
        if (split.test().features() != model.inputSize()) {
            throw new UserError("model " + model.spec().name() + " takes " + model.inputSize() + " inputs but data set "
                    + datasetName + " has " + split.test().features() + ": pick the --dataset the model was trained on");
        }
        Dataset test = file.normalization().apply(split.test());
        Kernels kernels = KernelProvider.get();
        long t0 = System.nanoTime();
        Evaluation e = Evaluation.of(model, kernels, model.newWorkspace(EVAL_BATCH), test);
        double seconds = (System.nanoTime() - t0) / 1e9;

        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", model.spec().name());
            m.put("dataset", datasetName);
            m.put("params", model.parameters().trainableCount());
            m.put("test_accuracy", e.accuracy());
            m.put("test_loss", e.loss());
            m.put("rows", e.rows());
            m.put("eval_seconds", seconds);
            m.put("kernels", kernels.id());
            out.println(Json.line(m));
        } else {
            out.println(String.format(Locale.ROOT, "%s on %s test (%s rows): accuracy %s, loss %.4f, %.3f s, kernels %s",
                    model.spec().name(), datasetName, Format.count(e.rows()), Format.accuracy(e.accuracy()), e.loss(),
                    seconds, kernels.id()));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private String recordedDataset(ModelFile file) {
        String recorded = file.metadata().get(ModelMetadata.DATASET);
        if (recorded == null) {
            throw new UserError("--model-file " + modelFile + " does not record its data set: pass --dataset NAME");
        }
        return recorded;
    }
}
