package dev.spacetime.engine.deep;

import static dev.spacetime.engine.deep.DeepFixtures.assertSameBits;
import static dev.spacetime.engine.deep.DeepFixtures.headParams;
import static dev.spacetime.engine.deep.DeepFixtures.layers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.engine.data.SplitMix64;
import dev.spacetime.engine.kernel.Activation;
import java.io.IOException;
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
        while (true) {
            starts++;
            assertTrue(starts < 60, "the child never finished; killed at steps " + killedAt);
            Process p = start(crashed, steps, mode, every);
            long waitMs = killedAt.size() < 5 ? 250 + rng.nextInt(700) : 60_000;
            if (!p.waitFor(waitMs, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                killedAt.add(HeadFile.read(crashed.head()).step());
                continue;
            }
            String err = new String(p.getErrorStream().readAllBytes());
            assertEquals(0, p.exitValue(), "child failed:\n" + err);
            break;
        }
        System.out.printf("DeepCrashResumeTest %s: %d kills at steps %s, then finished%n", mode, killedAt.size(), killedAt);
        assertTrue(killedAt.size() >= 5, "killed " + killedAt.size() + " times (at steps " + killedAt + ")");
        assertTrue(killedAt.stream().anyMatch(s -> s > 0), "some kills came after a checkpoint: " + killedAt);
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
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        return pb.start();
    }
}
