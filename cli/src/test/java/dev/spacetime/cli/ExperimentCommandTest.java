package dev.spacetime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke runs of every preset on small data, through the command users type. */
class ExperimentCommandTest {

    @TempDir
    Path dir;

    @Test
    void xorQuickReportsPerSeedTimeAndConvergence() {
        JsonNode j = CliRun.of("experiment", "xor", "--quick", "--seeds", "2", "--json").expectExit(ExitCodes.OK).json();
        JsonNode runs = j.get("runs");
        assertEquals(2, runs.size());
        assertEquals(2, runs.get(0).get("seed").asLong());
        assertEquals(10, runs.get(1).get("seed").asLong());
        for (JsonNode run : runs) {
            assertEquals(10_000, run.get("epochs").asInt());
            assertEquals(11, run.get("train_seconds_repeats").size(), "timed by a median of repeats");
            assertTrue(run.get("converged").isBoolean());
            assertEquals("xor", run.get("model").asText());
        }
        JsonNode summary = j.get("summary");
        assertEquals("xor", summary.get("preset").asText());
        assertEquals(2, summary.get("configs").get(0).get("seeds").asInt());
    }

    @Test
    void irisWritesTheCsvAndTimesEvaluationApart() throws IOException {
        Path csv = dir.resolve("iris.csv");
        CliRun run = CliRun.of("experiment", "iris", "--csv", csv.toString()).expectExit(ExitCodes.OK);
        assertTrue(run.out().contains("finding: Test accuracy"), run.out());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(3, lines.size(), "header + training-loop run + per-epoch-evaluation run");
        assertTrue(lines.getFirst().contains("weight_decay") && lines.getFirst().contains("momentum"));
        assertTrue(lines.get(2).contains("with per-epoch evaluation"));
    }

    @Test
    void recursiveVsStandardQuickOnASubset() {
        JsonNode j = CliRun.of("experiment", "recursive-vs-standard", "--quick", "--seeds", "1", "--train-limit", "500",
                "--json").expectExit(ExitCodes.OK).json();
        assertEquals(11, j.get("runs").size(), "3 standard nets + 4 depths × 2 budgets");
        JsonNode winners = j.get("summary").get("winners");
        for (String category : List.of("accuracy", "training speed", "parameter efficiency", "inference latency")) {
            assertTrue(winners.has(category), category);
        }
        assertTrue(j.get("runs").findValues("params").stream().anyMatch(p -> p.asLong() == 78_775));
    }

    @Test
    void sequential2dQuickOnASubset() {
        JsonNode j = CliRun.of("experiment", "sequential2d", "--quick", "--seeds", "1", "--train-limit", "300",
                "--threads", "2", "--json").expectExit(ExitCodes.OK).json();
        assertEquals(2, j.get("runs").size());
        for (JsonNode run : j.get("runs")) {
            assertEquals(1_371_810, run.get("params").asLong(), "layered and random-sparse: the same trainable count");
            assertEquals("mnist-50", run.get("dataset").asText());
        }
    }

    @Test
    void unknownPresetIsOneLineAndExitTwo() {
        CliRun run = CliRun.of("experiment", "resnet").expectExit(ExitCodes.BAD_INPUT);
        assertTrue(run.err().strip().startsWith("spacetime: unknown experiment 'resnet'"), run.err());
        assertEquals(1, run.errLines().size());
    }
}
