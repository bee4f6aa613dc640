package dev.spacetime.engine.deep;

import static dev.spacetime.engine.deep.DeepFixtures.assertSameBits;
import static dev.spacetime.engine.deep.DeepFixtures.headParams;
import static dev.spacetime.engine.deep.DeepFixtures.layers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.engine.data.SplitMix64;
import dev.spacetime.engine.kernel.Activation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Crash safety through a real process: a child JVM trains with frequent checkpoints and is killed
 * ({@code destroyForcibly}, SIGKILL) at random moments — during steps, fsyncs, header writes, head-file renames —
 * then restarted with resume, until it finishes. The result must equal an uninterrupted run bit for bit. The
 * child runs the scalar kernels, the uninterrupted run the vector ones: one more cross-check of their bits.
 */
class DeepCrashResumeTest {

    static final Mnist DATA = DeepFixtures.syntheticMnist(5);
    static final TrainSettings SETTINGS = new TrainSettings(16, 77, 0.3f, 0.05f);
    private static final long LAYERS = 3000;
    private static final int WIDTH = 4;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}, checkpoint every {2} steps")
    @CsvSource({"chunked,240,1", "memory,200,2"})
    void killedAndResumedEqualsUninterrupted(String mode, long steps, long every) throws Exception {
        DeepFixtures.Model reference = DeepFixtures.init(dir, "reference", LAYERS, WIDTH, Activation.SOFTSIGN, 0, 8);
        DeepFixtures.train(reference, SETTINGS, DeepFixtures.options(steps, 0, mode.equals("memory"), false, steps),
                DATA, false);

        DeepFixtures.Model crashed = DeepFixtures.init(dir, "crashed", LAYERS, WIDTH, Activation.SOFTSIGN, 0, 8);
        SplitMix64 rng = new SplitMix64(steps);
        List<Long> killedAt = new ArrayList<>();
        int starts = 0;
        int stalled = 0;   // kills in a row that found no new checkpoint: a busy machine; wait longer next time
        long lastStep = 0;
        while (true) {
            starts++;
            assertTrue(starts < 40, "the child never finished; killed at steps " + killedAt);
            Process p = start(crashed, steps, mode, every);
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
            String first = out.readLine();   // "training", or null when the child died before that
            boolean enoughKills = killedAt.size() >= 5 && killedAt.stream().filter(s -> s > 0).count() >= 2;
            long waitMs = enoughKills ? 120_000 : (100 + rng.nextInt(400)) << Math.min(stalled, 5);
            if (first != null && !p.waitFor(waitMs, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                long at = HeadFile.read(crashed.head()).step();
                stalled = at == lastStep ? stalled + 1 : 0;
                lastStep = at;
                killedAt.add(at);
                continue;
            }
            p.waitFor();
            String err = new String(p.getErrorStream().readAllBytes());
            assertEquals(0, p.exitValue(), "child failed:\n" + err);
            break;
        }
        System.out.printf("DeepCrashResumeTest %s: %d kills at steps %s, then finished%n", mode, killedAt.size(), killedAt);
        assertTrue(killedAt.size() >= 5, "killed " + killedAt.size() + " times (at steps " + killedAt + ")");
        assertTrue(killedAt.stream().filter(s -> s > 0).count() >= 2, "kills after checkpoints: " + killedAt);
        assertEquals(steps, HeadFile.read(crashed.head()).step());
        assertSameBits(layers(reference), layers(crashed), "layers after kills at steps " + killedAt);
        assertSameBits(headParams(reference), headParams(crashed), "head after kills at steps " + killedAt);
        assertTrue(!Files.exists(Slots.shadow(crashed.weights())), "the finished run leaves no shadow slot");
    }

    private static Process start(DeepFixtures.Model m, long steps, String mode, long every) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.add("--add-modules=jdk.incubator.vector");
        cmd.add("-Dspacetime.kernels=scalar");   // the scalar twin: its bits must equal the vector reference run's too
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(DeepTrainChild.class.getName());
        cmd.add(m.weights().toString());
        cmd.add(m.head().toString());
        cmd.add(Long.toString(steps));
        cmd.add(mode);
        cmd.add(Long.toString(every));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        return pb.start();
    }
}
