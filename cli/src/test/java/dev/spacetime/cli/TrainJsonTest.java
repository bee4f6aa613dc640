package dev.spacetime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train}: the JSON contract of the last stdout line, the human report, and progress on stderr. */
class TrainJsonTest {

    private static final List<String> PER_EPOCH = List.of("epoch_seconds", "train_loss", "val_accuracy");

    @Test
    void jsonIsTheOnlyStdoutLineAndHasTheRequiredKeysAndTypes() {
        CliRun run = CliRun.of("train", "--model", "iris", "--dataset", "iris", "--epochs", "4", "--latency-calls", "200",
                "--json").expectExit(ExitCodes.OK);
        assertEquals(1, run.outLines().size(), "--json keeps the human report off stdout:\n" + run.out());
        JsonNode j = run.json();
        assertEquals("iris", j.get("model").asText());
        assertEquals("iris", j.get("dataset").asText());
        assertEquals(67, j.get("params").asLong());
        assertTrue(j.get("params").isIntegralNumber());
        assertEquals(1, j.get("seed").asLong());
        assertEquals(4, j.get("epochs").asInt());
        double accuracy = j.get("test_accuracy").asDouble();
        assertTrue(j.get("test_accuracy").isDouble() && accuracy >= 0 && accuracy <= 1, j.toString());
        assertTrue(j.get("train_seconds").isDouble() && j.get("train_seconds").asDouble() > 0);
        for (String key : PER_EPOCH) {
            assertTrue(j.get(key).isArray() && j.get(key).size() == 4, key + ": " + j.get(key));
        }
        assertTrue(j.get("train_loss").get(0).isDouble());
        // Iris has no validation split: NaN in the engine, null in JSON (never the string "NaN").
        j.get("val_accuracy").forEach(v -> assertTrue(v.isNull(), j.get("val_accuracy").toString()));
        assertTrue(j.get("inference_p50_us").isDouble() && j.get("inference_p99_us").isDouble());
        assertTrue(j.get("inference_p99_us").asDouble() >= j.get("inference_p50_us").asDouble());
        assertTrue(j.get("kernels").isTextual() && !j.get("kernels").asText().isEmpty());
        assertFalse(j.has("model_file"));
        assertTrue(run.err().contains("test accuracy"), "the report goes to stderr with --json:\n" + run.err());
    }

    @Test
    void skippedLatencyIsNullAndSavedModelIsNamed(@TempDir Path dir) {
        Path out = dir.resolve("models/xor.stm");
        CliRun run = CliRun.of("train", "--model", "xor", "--dataset", "xor", "--epochs", "20", "--optimizer", "sgd",
                "--lr", "0.5", "--schedule", "constant", "--latency-calls", "0", "--out", out.toString(), "--json")
                .expectExit(ExitCodes.OK);
        JsonNode j = run.json();
        assertTrue(j.get("inference_p50_us").isNull() && j.get("inference_p99_us").isNull(), j.toString());
        assertEquals(out.toString(), j.get("model_file").asText());
        assertTrue(Files.isRegularFile(out), "the folder of --out is created");
    }

    @Test
    void humanReportOnStdoutAndOneProgressLinePerEpochOnStderr() {
        CliRun run = CliRun.of("train", "--model", "iris", "--dataset", "iris", "--epochs", "3", "--latency-calls", "0")
                .expectExit(ExitCodes.OK);
        assertTrue(run.out().startsWith("model          iris (67 parameters)"), run.out());
        assertTrue(run.out().contains("test accuracy  "), run.out());
        assertTrue(run.out().contains("kernels        "), run.out());
        List<String> progress = run.errLines().stream().filter(l -> l.startsWith("epoch ")).toList();
        assertEquals(3, progress.size(), run.err());
        assertTrue(progress.get(2).matches("epoch 3/3  loss \\d+\\.\\d{4}  val_acc n/a  \\d+\\.\\d{2} s"), progress.get(2));
        assertFalse(run.err().contains("\r"), "no progress bars when stderr is not a terminal");
    }

    @Test
    void longRunsShowTheirFirstAndLastEpochs() {
        CliRun run = CliRun.of("train", "--model", "xor", "--dataset", "xor", "--epochs", "30", "--latency-calls", "0")
                .expectExit(ExitCodes.OK);
        assertTrue(run.out().contains("(20 epochs not shown)"), run.out());
        assertTrue(run.out().contains("\n      30  "), run.out());
    }
}
