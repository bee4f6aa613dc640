package dev.spacetime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code ./spacetime} launcher as a child process: finds JDK 25, builds the jar if sources changed,
 * records the AOT cache, runs with the Vector API module, and prints the JSON line last. An integration test
 * (failsafe, after {@code package}), so that the jar the launcher runs is the one this build just made.
 */
class LauncherIT {

    /** Generous: when sources changed since the last package, the launcher runs a Maven build first. */
    private static final long TIMEOUT_MINUTES = 5;

    @Test
    void trainsXorEndToEnd(@TempDir Path dir) throws IOException, InterruptedException {
        // Surefire runs in the module folder; the launcher sits at the repository root.
        Path root = Path.of("").toAbsolutePath().getParent();
        Path launcher = root.resolve("spacetime");
        assertTrue(Files.isExecutable(launcher), launcher + " is missing or not executable");
        Path stderr = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(launcher.toString(), "train", "--model", "xor", "--dataset", "xor",
                "--epochs", "2000", "--lr", "0.5", "--optimizer", "sgd", "--schedule", "constant", "--seed", "5", "--json")
                .directory(root.toFile())
                .redirectError(stderr.toFile())
                .start();
        p.getOutputStream().close();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES), "the launcher did not finish");
        String errors = Files.readString(stderr, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> "stderr:\n" + errors);

        List<String> lines = stdout.lines().toList();
        JsonNode j = new ObjectMapper().readTree(lines.getLast());
        assertEquals("xor", j.get("model").asText());
        assertEquals(9, j.get("params").asLong());
        assertEquals(2000, j.get("epochs").asInt());
        assertEquals(2000, j.get("train_loss").size());
        assertEquals(1.0, j.get("test_accuracy").asDouble(), "seed 5 solves XOR: " + j);
        assertTrue(j.get("kernels").asText().startsWith("vector"), "the launcher enables the Vector API: " + j.get("kernels"));
        assertTrue(errors.contains("epoch 2000/2000  loss "), "progress lines go to stderr");
    }
}
