package dev.spacetime.bench.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ratios, the first-batch verdict and the JSON of a report, on made-up measurements. */
class MnistReportTest {

    private static Measurement m(String side, int threads, double seconds, double firstLoss) {
        return new Measurement(side, threads, threads == 1, threads == 1 ? "taskset -c 0" : "all cores",
                List.of(List.of(seconds, seconds * 1.1), List.of(seconds * 0.9, seconds)), 2 * seconds,
                List.of(firstLoss, 2.2, 2.1), 0.4, 0.93, Map.of("kernels", "vector-512"));
    }

    private static MnistReport report(List<Measurement> torch) {
        MnistBench.Options o = new MnistBench.Options(new MnistProtocol(1, 2, 2), List.of(2, 1), true, false,
                PythonPeer.DEFAULT_PYTHON, null, null, false);
        return new MnistReport(o, "split", 50_000, true, Map.of("cpu", "test", "cores", 2),
                List.of(m("spacetime", 1, 0.6, 2.3060545), m("spacetime", 2, 0.4, 2.3060545)), torch,
                torch.isEmpty() ? "missing" : null);
    }

    @Test
    void ratioUsesPytorchsBestWithAtMostTheSameThreads() {
        MnistReport r = report(List.of(m("pytorch", 1, 1.0, 2.3060546), m("pytorch", 2, 1.5, 2.3060546)));
        List<Map<String, Object>> ratios = r.ratios();
        assertEquals(2, ratios.size());
        assertEquals(0.6, (double) ratios.get(0).get("ratio"), 1e-12);
        assertEquals(0.4 / 1.0, (double) ratios.get(1).get("ratio"), 1e-12, "2 threads: PyTorch's 1-thread run was faster");
        assertEquals(0.4 / 1.5, (double) ratios.get(1).get("ratio_same_threads"), 1e-12);
        assertTrue(r.checkPassed());
        assertEquals(0.6, r.spacetime().getFirst().median(), 1e-12, "median of 0.54, 0.6, 0.6, 0.66");
    }

    @Test
    void aDifferentFirstBatchLossFailsTheCheck() {
        MnistReport r = report(List.of(m("pytorch", 1, 1.0, 2.31)));
        assertFalse(r.checkPassed());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int exit = MnistBench.print(r, true, null, new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertEquals(1, exit);
        assertTrue(buf.toString(StandardCharsets.UTF_8).contains("FAIL"));
    }

    @Test
    void missingPeerStillReportsSpacetimeAndEndsWithOneJsonLine() {
        MnistReport r = report(List.of());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        assertEquals(0, MnistBench.print(r, true, null, new PrintStream(buf, true, StandardCharsets.UTF_8)));
        String[] lines = buf.toString(StandardCharsets.UTF_8).strip().split("\n");
        Map<String, Object> json = Json.readObject(lines[lines.length - 1]);
        assertNull(json.get("pytorch"));
        assertEquals("missing", json.get("pytorch_missing"));
        assertEquals(2, ((List<?>) json.get("spacetime")).size());
        assertNull(((Map<?, ?>) json.get("check")).get("first_batch_rel_diff"), "NaN is written as null");
    }

    @Test
    void measurementsSurviveTheJsonRoundTrip() {
        Measurement a = m("spacetime", 1, 0.6, 2.3060545223564084);
        Measurement b = Measurement.fromMap(Json.readObject(Json.write(a.toMap())));
        assertEquals(a, b);
    }
}
