package dev.spacetime.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spacetime.contracts.JobEventType;
import dev.spacetime.stack.StackTestResource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spacetime submit | watch | cancel}: the real launcher jar against a real trainer process. */
class CliIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
        JsonNode json() throws IOException {
            List<String> lines = out.lines().toList();
            assertTrue(!lines.isEmpty(), "no stdout; stderr:\n" + err);
            return MAPPER.readTree(lines.getLast());
        }
    }

    private Process start(TrainerProcess t, Path outFile, Path errFile, String... args) throws IOException {
        Path jar = Path.of(System.getProperty("cli.jar", "../cli/target/spacetime-cli.jar"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-jar", jar.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--trainer", t.url(), "--kafka", StackTestResource.bootstrapServers(),
                "--token", StackTestResource.API_TOKEN));
        return new ProcessBuilder(cmd).redirectOutput(outFile.toFile()).redirectError(errFile.toFile()).start();
    }

    private Run run(TrainerProcess t, String... args) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = start(t, out, err, args);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "spacetime " + String.join(" ", args) + " did not end");
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void submitWaitWatchAndCancel() throws Exception {
        Path artifacts = Files.createDirectories(dir.resolve("artifacts"));
        try (TrainerProcess t = TrainerProcess.start("trainer-cli", artifacts, dir, Map.of())) {
            Run submitted = run(t, "submit", "--model", "iris", "--dataset", "iris", "--epochs", "3",
                    "--latency-calls", "100", "--seed", "4", "--wait", "--json");
            assertEquals(0, submitted.exit(), submitted.err());
            JsonNode r = submitted.json();
            assertEquals("COMPLETED", r.get("status").asText(), r.toString());
            assertEquals("iris", r.get("model_name").asText());
            assertTrue(r.get("model_version").asInt() >= 1, r.toString());
            assertTrue(r.get("job_id").asText().startsWith("job-"), r.toString());
            assertEquals(3, r.get("train_loss").size(), "per-epoch arrays as train --json: " + r);
            for (String k : List.of("test_accuracy", "params", "train_seconds", "seed", "epochs", "model_spec")) {
                assertTrue(r.has(k), k + " in " + r);
            }
            assertEquals(4, r.get("seed").asInt());
            assertTrue(submitted.err().contains("epoch 3/3"), "progress lines on stderr: " + submitted.err());

            Run deep = run(t, "submit", "--engine", "chunked-disk", "--model", "deep", "--layers", "200", "--width", "4",
                    "--chunk-layers", "7", "--activation", "tanh", "--steps", "30", "--batch", "32", "--layer-lr", "0.02",
                    "--head-lr", "0.05", "--report-every", "10", "--checkpoint-every", "15", "--seed", "3", "--wait", "--json");
            assertEquals(0, deep.exit(), deep.err());
            JsonNode d = deep.json();
            assertEquals("COMPLETED", d.get("status").asText(), d.toString());
            assertEquals("deep-l200-w4-tanh", d.get("model_name").asText());
            assertEquals("chunked-disk", d.get("engine").asText());
            assertEquals(7, d.get("chunk_layers").asInt(), "the options reached the engine: " + d);
            assertEquals(30, d.get("steps").asInt());
            assertEquals(32, d.get("batch").asInt());
            assertEquals(3, d.get("seed").asInt());
            assertEquals(2, d.get("checkpoints").asInt(), "checkpoint-every 15 of 30 steps");
            assertEquals(0.02f, d.get("layer_lr").floatValue());
            assertTrue(d.has("test_accuracy") && d.has("final_loss"), d.toString());
            assertTrue(deep.err().contains("step 30/30  loss"), "step progress lines on stderr: " + deep.err());

            Run badDeep = run(t, "submit", "--engine", "chunked-disk", "--model", "deep", "--layers", "200", "--width", "0",
                    "--steps", "5");
            assertEquals(2, badDeep.exit(), badDeep.err());
            assertTrue(badDeep.err().strip().lines().toList().getLast().contains("modelOptions.width"), badDeep.err());

            Run bad = run(t, "submit", "--model", "iris", "--dataset", "iris", "--lr", "-1");
            assertEquals(2, bad.exit(), bad.err());
            assertTrue(bad.err().strip().lines().toList().getLast().contains("hyperparameters.lr"), bad.err());

            JsonNode longJob = run(t, "submit", "--model", "mlp", "--layers", "4,256,256,3", "--dataset", "iris",
                    "--epochs", "100000", "--batch", "1", "--optimizer", "sgd", "--lr", "0.01", "--record-every", "20",
                    "--latency-calls", "0", "--json").json();
            String id = longJob.get("job_id").asText();
            TestJobs.awaitType(id, JobEventType.PROGRESS);
            Path watchOut = dir.resolve("watch.out");
            Process watch = start(t, watchOut, dir.resolve("watch.err"), "watch", id, "--json");
            Thread.sleep(1500);
            Run cancel = run(t, "cancel", id, "--json");
            assertEquals(0, cancel.exit(), cancel.err());
            assertEquals("CANCEL_REQUESTED", cancel.json().get("status").asText());
            assertTrue(watch.waitFor(120, TimeUnit.SECONDS), "watch ends with the job");
            assertEquals(1, watch.exitValue(), "a cancelled job is not a success");
            List<String> lines = Files.readAllLines(watchOut);
            assertEquals("CANCELLED", MAPPER.readTree(lines.getLast()).get("status").asText(), lines.toString());

            Run again = run(t, "cancel", id);
            assertEquals(2, again.exit(), again.err());
            assertTrue(again.err().contains("already ended"), again.err());
        }
    }
}
