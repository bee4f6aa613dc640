package dev.spacetime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spacetime deep}: the JSON contracts, progress lines, resume, and bad input as one line with exit 2. */
class DeepCliTest {

    private static final List<String> TRAIN_KEYS = List.of("layers", "width", "batch", "steps", "step_seconds_median",
            "final_loss", "peak_rss_bytes", "bytes_read", "bytes_written", "kernels", "mode");

    @TempDir
    Path dir;

    private String w() {
        return dir.resolve("m.weights").toString();
    }

    @Test
    void initTrainResumeEval() {
        JsonNode init = CliRun.of("deep", "init", "--weights", w(), "--layers", "500", "--width", "4", "--json")
                .expectExit(ExitCodes.OK).json();
        assertEquals(22, init.get("chunk_layers").asInt(), "≈ sqrt(500)");
        CliRun run = CliRun.of("deep", "train", "--weights", w(), "--steps", "20", "--report-every", "10",
                "--checkpoint-every", "5", "--json").expectExit(ExitCodes.OK);
        JsonNode j = run.json();
        for (String key : TRAIN_KEYS) {
            assertTrue(j.has(key), key + " missing: " + j);
        }
        assertEquals("chunked", j.get("mode").asText());
        assertEquals(20, j.get("steps").asInt());
        assertEquals(2 * 500 * 20 * 4 * 20L, j.get("bytes_read").asLong(), "2 passes × 500 layers × 80 B × 20 steps");
        assertTrue(run.err().contains("deep plan: 500 layers × width 4"), run.err());
        assertTrue(run.errLines().stream().anyMatch(l -> l.matches("step 10/20  loss \\d+\\.\\d{4}  batch_acc .*peak_rss .*")),
                run.err());
        JsonNode more = CliRun.of("deep", "train", "--weights", w(), "--steps", "30", "--resume", "--in-memory", "--json")
                .expectExit(ExitCodes.OK).json();
        assertEquals("in-memory", more.get("mode").asText());
        assertEquals(10, more.get("steps_this_run").asInt());
        JsonNode eval = CliRun.of("deep", "eval", "--weights", w(), "--json").expectExit(ExitCodes.OK).json();
        assertEquals(10_000, eval.get("rows").asInt());
        assertEquals(30, eval.get("step").asInt());
        assertTrue(eval.get("test_accuracy").asDouble() > 0.2, eval.toString());
        assertTrue(eval.has("test_loss") && eval.has("eval_seconds"));
        assertTrue(!Files.exists(Path.of(w() + ".shadow")));
    }

    @Test
    void trainCreatesTheModelWhenGivenAShape() {
        JsonNode j = CliRun.of("deep", "train", "--weights", w(), "--layers", "50", "--width", "6", "--activation", "tanh",
                "--steps", "3", "--store-activations", "--batch", "20", "--json").expectExit(ExitCodes.OK).json();
        assertEquals(6, j.get("width").asInt());
        assertEquals(20, j.get("batch").asInt());
        assertTrue(j.get("store_activations").asBoolean());
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        expectBad(CliRun.of("deep", "init", "--weights", w(), "--layers", "10", "--activation", "sigmoid"), "softsign, tanh or relu");
        expectBad(CliRun.of("deep", "init", "--weights", w(), "--layers", "10", "--width", "65"), "--width 65");
        expectBad(CliRun.of("deep", "train", "--weights", w(), "--steps", "3"), "does not exist");
        CliRun.of("deep", "init", "--weights", w(), "--layers", "300").expectExit(ExitCodes.OK);
        try (RandomAccessFile f = new RandomAccessFile(w(), "rw")) {
            f.seek(f.length() - 7);
            f.write(0x55);
        }
        expectBad(CliRun.of("deep", "eval", "--weights", w()), "fails its checksum");
        expectBad(CliRun.of("deep", "train", "--weights", w(), "--steps", "2", "--resume"), "records no training yet");
        expectBad(CliRun.of("deep", "init", "--weights", dir.resolve("huge").toString(), "--layers", "4000000000000",
                "--width", "64"), "refusing to start");
    }

    private static void expectBad(CliRun run, String fragment) {
        run.expectExit(ExitCodes.BAD_INPUT);
        List<String> lines = run.errLines().stream().filter(l -> l.startsWith("spacetime: ")).toList();
        assertEquals(1, lines.size(), run.err());
        assertTrue(lines.get(0).contains(fragment), lines.get(0));
    }

    @Test
    void ablateShowsEveryDepthAndTheMlp() {
        CliRun run = CliRun.of("deep", "ablate", "--layers", "150", "--steps", "30", "--json").expectExit(ExitCodes.OK);
        JsonNode rows = run.json().get("rows");
        assertEquals(4, rows.size(), run.json().toString());
        assertEquals(0, rows.get(0).get("layers").asInt());
        assertEquals(100, rows.get(1).get("layers").asInt());
        assertEquals(150, rows.get(2).get("layers").asInt());
        assertTrue(rows.get(3).get("model").asText().startsWith("MLP 784-128-10"));
        assertEquals(101_770, rows.get(3).get("parameters").asLong());
        assertTrue(run.err().contains("head only (depth 0)"), run.err());
    }
}
