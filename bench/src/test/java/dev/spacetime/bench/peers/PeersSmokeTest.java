package dev.spacetime.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.bench.mnist.PythonPeer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench peers --quick} restricted to iris and xor with few epochs, through the real peers (Debian's NumPy,
 * scikit-learn and PyTorch) and a real Spacetime child JVM: every engine is measured on both workloads, the
 * same-weights check passes, and the figures, CSVs and charts are written. Fails (names the apt packages) when a
 * peer is missing; nothing is skipped.
 */
class PeersSmokeTest {

    @TempDir
    Path out;

    @Test
    void quickRunOfIrisAndXorThroughEveryPeer() throws Exception {
        PythonPeer python = PythonDeps.require("numpy", "python3-numpy", "sklearn", "python3-sklearn", "torch",
                "python3-torch", "threadpoolctl", "python3-threadpoolctl", "matplotlib", "python3-matplotlib");
        PeersOptions o = PeersOptions.defaults(true)
                .withWorkloads(List.of(Workload.IRIS, Workload.XOR))
                .withEpochs(Workload.IRIS, 20)
                .withEpochs(Workload.XOR, 300)
                .withXorSeeds(3)
                .withRepeats(1, 1)
                .withLatencyCalls(1000)
                .withEnvironment(false, python.python(), null, null, false, false);
        long t0 = System.nanoTime();
        PeersReport report = PeersBench.run(o, line -> System.err.println("[PeersSmokeTest] " + line));
        System.err.printf("[PeersSmokeTest] %.1f s%n", (System.nanoTime() - t0) / 1e9);

        for (PeersReport.WorkloadResult w : report.workloads()) {
            Set<String> measured = w.results().stream().filter(EngineResult::measured).map(EngineResult::engine)
                    .collect(Collectors.toSet());
            assertEquals(Set.of("spacetime", "numpy", "sklearn", "pytorch"), measured, w.id() + ": "
                    + w.results().stream().filter(r -> !r.measured()).map(r -> r.engine() + ": " + r.skipped()).toList());
            assertTrue(w.check().passed(), w.id() + ": " + w.check());
            for (EngineResult r : w.results()) {
                assertEquals(w.plan().seeds().size(), r.runs().size(), r.engine());
                assertTrue(r.trainMedian() > 0 && r.processSeconds() > 0 && r.peakRssBytes() > 0, r.engine());
            }
        }
        PeersReport.WorkloadResult iris = report.workloads().getFirst();
        for (EngineResult r : iris.results()) {
            assertTrue(r.inference() != null && r.inference().rows() == 30 && r.inference().calls() == 1000, r.engine());
            assertTrue(r.withEval() != null, r.engine() + " timed a training with per-epoch evaluation");
        }

        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int exit = PeersBench.print(report, true, out, python, new PrintStream(text, true, StandardCharsets.UTF_8),
                line -> System.err.println("[PeersSmokeTest] " + line));
        System.err.println(text.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("{")).collect(Collectors.joining("\n")));
        assertEquals(0, exit);
        for (String f : List.of("peers.json", "peers.csv", "peers-seeds.csv", "report.txt", "training-time.png",
                "accuracy-vs-time.png")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        assertEquals(1 + 8, Files.readAllLines(out.resolve("peers.csv")).size(), "2 workloads × 4 engines");
    }
}
