package dev.spacetime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spacetime up | status | down} in-process, against a stack folder of its own and free ports, so that it
 * never touches the developer's own stack in {@code .spacetime/stack}.
 */
class StackCommandsTest {

    @TempDir
    Path dir;

    @Test
    void statusOfAStackThatNeverRanIsAllStopped() {
        JsonNode j = CliRun.of("status", "--stack-dir", dir.toString(), "--json").expectExit(ExitCodes.OK).json();
        for (String key : List.of("trainer_url", "results_url", "inference_url", "kafka_bootstrap", "jdbc_url", "components")) {
            assertTrue(j.has(key), key + " in " + j);
        }
        assertEquals("http://127.0.0.1:8081", j.get("trainer_url").asText());
        assertEquals("http://127.0.0.1:8082", j.get("results_url").asText());
        assertEquals("http://127.0.0.1:8083", j.get("inference_url").asText());
        assertTrue(j.get("kafka_bootstrap").isNull());
        j.get("components").properties().forEach(e -> assertEquals("STOPPED", e.getValue().asText(), e.getKey()));
        assertEquals(List.of("kafka", "postgres", "trainer", "results", "inference"),
                j.get("components").propertyStream().map(e -> e.getKey()).toList());
    }

    @Test
    void downWithNothingRunningSaysSo() {
        CliRun run = CliRun.of("down", "--stack-dir", dir.toString()).expectExit(ExitCodes.OK);
        assertTrue(run.out().startsWith("nothing to stop"), run.out());
    }

    @Test
    void aBadPortIsOneLineAndExit2() {
        CliRun run = CliRun.of("up", "--stack-dir", dir.toString(), "--kafka-port", "70000").expectExit(ExitCodes.BAD_INPUT);
        assertEquals(List.of("spacetime: --kafka-port 70000 must be a TCP port in 0..65535 (0 = any free port)"),
                run.errLines());
        assertTrue(run.out().isEmpty());
    }

    @Test
    void upStatusDownRoundTrip() {
        String stackDir = dir.toString();
        try {
            CliRun up = CliRun.of("up", "--stack-dir", stackDir, "--infra-only", "--kafka-port", "0",
                    "--postgres-port", "0", "--json").expectExit(ExitCodes.OK);
            JsonNode j = up.json();
            assertEquals("UP", j.get("components").get("kafka").asText(), j.toString());
            assertEquals("UP", j.get("components").get("postgres").asText(), j.toString());
            assertEquals("STOPPED", j.get("components").get("trainer").asText(), j.toString());
            assertTrue(j.get("kafka_bootstrap").asText().startsWith("127.0.0.1:"), j.toString());
            assertTrue(j.get("jdbc_url").asText().matches("jdbc:postgresql://127\\.0\\.0\\.1:\\d+/spacetime_results"),
                    j.toString());
            assertTrue(up.err().contains("starting kafka on 127.0.0.1:"), up.err());

            CliRun table = CliRun.of("status", "--stack-dir", stackDir).expectExit(ExitCodes.OK);
            assertTrue(table.outLines().getFirst().startsWith("COMPONENT"), table.out());
            assertTrue(table.out().contains("kafka      UP       " + j.get("kafka_bootstrap").asText()), table.out());

            JsonNode again = CliRun.of("up", "--stack-dir", stackDir, "--infra-only", "--json")
                    .expectExit(ExitCodes.OK).json();
            assertEquals(j.get("kafka_bootstrap"), again.get("kafka_bootstrap"), "up again reuses the running broker");

            JsonNode down = CliRun.of("down", "--stack-dir", stackDir, "--json").expectExit(ExitCodes.OK).json();
            assertEquals(2, down.get("stopped").size(), down.toString());

            JsonNode after = CliRun.of("status", "--stack-dir", stackDir, "--json").expectExit(ExitCodes.OK).json();
            assertEquals("STOPPED", after.get("components").get("kafka").asText());
            assertEquals("STOPPED", after.get("components").get("postgres").asText());
            assertFalse(after.get("healthy").asBoolean());
        } finally {
            CliRun.of("down", "--stack-dir", stackDir);
        }
    }
}
