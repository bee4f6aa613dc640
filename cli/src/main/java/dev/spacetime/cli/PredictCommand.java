package dev.spacetime.cli;

import dev.spacetime.engine.infer.Predictor;
import dev.spacetime.engine.io.ModelFile;
import dev.spacetime.engine.kernel.KernelProvider;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spacetime predict}: classes and probabilities for raw input rows, through the engine's {@link Predictor},
 * which applies the normalisation recorded in the model file (so inputs are given exactly as the data set has them).
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Predict classes for rows of raw inputs (CSV, or an IDX images file such as t10k-images-idx3-ubyte).",
        footer = "Output: one line per row, index,predicted_class,output_0,output_1,... (probabilities for softmax models).")
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model-file", required = true, paramLabel = "FILE", description = "A model saved by `spacetime train --out`.")
    Path modelFile;

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "CSV with one row of raw values per line (optional header, optional trailing label column), "
                    + "or an IDX images file.")
    Path input;

    @Option(names = "--labels", paramLabel = "IDX", description = "IDX labels file for IDX image input; accuracy is reported.")
    Path labels;

    @Option(names = "--limit", paramLabel = "N", description = "Predict the first N rows only.")
    Integer limit;

    @Option(names = "--json", description = "Print the predictions as one JSON object on the last line of stdout.")
    boolean json;

    @Override
    public Integer call() {
        if (limit != null && limit < 1) {
            throw new UserError("--limit " + limit + " must be at least 1 (leave it out to predict every row)");
        }
        ModelFile file = ModelFiles.load(modelFile);
        PredictionInput in = PredictionInput.read(input, labels, file.model().inputSize(), ModelFiles.classes(file),
                limit == null ? Integer.MAX_VALUE : limit);
        Predictor predictor = new Predictor(file.model(), file.normalization(), KernelProvider.get());
        Predictor.Prediction p = predictor.predict(in.rows());
        Double accuracy = in.hasLabels() ? accuracy(p.classes(), in.labels()) : null;

        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", file.model().spec().name());
            m.put("rows", in.rows().length);
            m.put("predictions", p.classes());
            m.put("outputs", p.outputs());
            if (accuracy != null) {
                m.put("accuracy", accuracy);
            }
            out.println(Json.line(m));
        } else {
            printRows(out, p);
            if (accuracy != null) {
                // stderr, so that stdout stays a clean CSV of predictions.
                PrintWriter err = spec.commandLine().getErr();
                err.println(String.format(Locale.ROOT, "accuracy %s (%s rows)", Format.accuracy(accuracy),
                        Format.count(in.rows().length)));
                err.flush();
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Float.toString is the shortest text that parses back to the same float, so nothing is lost. */
    private static void printRows(PrintWriter out, Predictor.Prediction p) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < p.classes().length; i++) {
            line.setLength(0);
            line.append(i).append(',').append(p.classes()[i]);
            for (float v : p.outputs()[i]) {
                line.append(',').append(v);
            }
            out.println(line);
        }
    }

    private static double accuracy(int[] predicted, int[] labels) {
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == labels[i]) {
                correct++;
            }
        }
        return (double) correct / predicted.length;
    }
}
