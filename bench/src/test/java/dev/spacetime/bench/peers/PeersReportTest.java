package dev.spacetime.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.bench.mnist.Json;
import dev.spacetime.bench.mnist.PythonPeer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Best settings, ratios, the same-weights verdict, and the CSV/JSON shapes, on made-up results. */
class PeersReportTest {

    @TempDir
    Path dir;

    private static EngineResult result(String engine, String workload, int threads, double seconds, double initialLoss,
                                       String trainingLoss, List<Long> seeds, boolean converged) {
        List<EngineResult.SeedRun> runs = new ArrayList<>();
        List<EngineResult.InitCheck> inits = new ArrayList<>();
        for (long s : seeds) {
            runs.add(new EngineResult.SeedRun(s, List.of(seconds * 1.1, seconds, seconds * 0.9), 0.1, converged ? 1.0 : 0.9,
                    converged, null));
            inits.add(new EngineResult.InitCheck(s, List.of(0.25, 0.5, 0.25), initialLoss));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("engine_version", engine + " 1.0");
        details.put("kernels", "vector-512");
        return new EngineResult(engine, workload, threads, threads == 1, threads == 1 ? "taskset -c 0" : "all cores",
                null, 0.5, runs, workload.equals("iris") ? new EngineResult.WithEval(List.of(seconds), List.of(seconds / 10), 0.9667) : null,
                workload.equals("iris") ? new EngineResult.Inference(30, 10_000, 0.4, 1.1, "t") : null,
                new EngineResult.Check(inits, List.of(initialLoss, 1.2, 1.1), trainingLoss), 100_000_000L, details, 2.5, "cmd");
    }

    private static PeersReport report(double numpyLoss) {
        List<Long> one = List.of(42L);
        List<Long> three = List.of(2L, 10L, 24L);
        List<EngineResult> iris = List.of(
                result("spacetime", "iris", 1, 0.002, 1.3704860, null, one, false),
                result("spacetime", "iris", 2, 0.004, 1.3704860, null, one, false),
                result("numpy", "iris", 1, 0.30, numpyLoss, "the workload's loss", one, false),
                result("numpy", "iris", 2, 0.25, numpyLoss, "the workload's loss", one, false),
                EngineResult.skipped("sklearn", "iris", 1, "missing: no sklearn, apt-get install -y python3-sklearn"),
                result("pytorch", "iris", 1, 0.50, 1.3704861, "the workload's loss", one, false));
        // sklearn trains log-loss on xor: its step losses differ on purpose and are not compared
        EngineResult sk = result("sklearn", "xor", 1, 1.0, 0.27, "log-loss on a logistic output", three, true);
        List<EngineResult> xor = List.of(result("spacetime", "xor", 1, 0.002, 0.27, null, three, true),
                new EngineResult(sk.engine(), sk.workload(), sk.threads(), sk.pinned(), sk.placement(), null,
                        sk.warmupSeconds(), sk.runs(), null, null, new EngineResult.Check(sk.check().inits(),
                        List.of(0.7, 0.69, 0.68), sk.check().trainingLoss()), sk.peakRssBytes(), sk.details(),
                        sk.processSeconds(), sk.command()));
        PeersOptions o = PeersOptions.defaults(false);
        Map<PeerEngine, String> missing = new EnumMap<>(PeerEngine.class);
        missing.put(PeerEngine.SKLEARN, "no sklearn");
        return new PeersReport(o, Map.of("cpu", "test", "cores", 2, "load_average_start", "0.1 0.1 0.1"), true, List.of(
                new PeersReport.WorkloadResult(WorkloadPlan.of(Workload.IRIS, o), "split", 120, 30, 67, iris),
                new PeersReport.WorkloadResult(WorkloadPlan.of(Workload.XOR, 100, 3, 1, 0, List.of(1)), "xor", 4, 4, 9, xor)),
                List.of(new PeersReport.WholeProcess("./spacetime experiment xor --json", 4.2, 200_000_000L, "10 runs")),
                missing, null);
    }

    @Test
    void eachEnginesBestSettingAndTheRatiosUseIt() {
        PeersReport r = report(1.3704861);
        PeersReport.WorkloadResult iris = r.workloads().getFirst();
        assertEquals(2, iris.best("numpy").threads(), "numpy was faster on 2 threads");
        assertEquals(1, iris.best("spacetime").threads());
        assertNull(iris.best("sklearn"), "missing engines have no best");
        assertEquals(0.002 / 0.25, iris.ratio(iris.best("numpy")), 1e-12);
        assertEquals(0.002, iris.best("spacetime").trainMedian(), 1e-12, "median of 0.0022, 0.002, 0.0018");
        assertEquals(3, r.workloads().get(1).best("spacetime").converged());
        assertTrue(r.checkPassed(), "sklearn's log-loss steps on xor are not compared");
    }

    @Test
    void aDifferentInitialLossFailsTheRun() {
        PeersReport r = report(1.3714860);
        assertFalse(r.workloads().getFirst().check().passed());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int exit = PeersBench.print(r, false, null, new PythonPeer(PythonPeer.DEFAULT_PYTHON),
                new PrintStream(buf, true, StandardCharsets.UTF_8), line -> { });
        assertEquals(1, exit);
        assertTrue(buf.toString(StandardCharsets.UTF_8).contains("FAIL"));
    }

    @Test
    void csvHasTheDeclaredColumnsAndOneRowPerEngineWorkloadAndThreadSetting() {
        PeersReport r = report(1.3704861);
        String[] lines = PeersReport.csv(PeersReport.CSV_COLUMNS, r.rows()).split("\n");
        assertEquals(String.join(",", PeersReport.CSV_COLUMNS), lines[0]);
        assertEquals(1 + 6 + 2, lines.length);
        for (int i = 1; i < lines.length; i++) {
            assertEquals(PeersReport.CSV_COLUMNS.size(), cells(lines[i]).size(), lines[i]);
        }
        List<String> numpy2 = cells(lines[4]);
        assertEquals("numpy", numpy2.get(1));
        assertEquals("2", numpy2.get(2));
        assertEquals("true", numpy2.get(PeersReport.CSV_COLUMNS.indexOf("best")));
        assertEquals(0.25, Double.parseDouble(numpy2.get(PeersReport.CSV_COLUMNS.indexOf("train_s_median"))), 1e-12);
        assertTrue(cells(lines[5]).getLast().startsWith("missing"), "the skipped row says why");
        String[] seeds = PeersReport.csv(PeersReport.SEED_CSV_COLUMNS, r.seedRows()).split("\n");
        assertEquals(1 + 5 + 3 + 3, seeds.length, "one row per engine, thread setting and seed");
    }

    @Test
    void jsonIsTheLastStdoutLineAndHoldsEveryRowAndResult() {
        PeersReport r = report(1.3704861);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        assertEquals(0, PeersBench.print(r, true, null, new PythonPeer(PythonPeer.DEFAULT_PYTHON),
                new PrintStream(buf, true, StandardCharsets.UTF_8), line -> { }));
        String[] lines = buf.toString(StandardCharsets.UTF_8).strip().split("\n");
        Map<String, Object> json = Json.readObject(lines[lines.length - 1]);
        assertEquals("spacetime bench peers", json.get("benchmark"));
        assertEquals(8, ((List<?>) json.get("rows")).size());
        assertEquals(2, ((List<?>) json.get("workloads")).size());
        assertEquals(true, json.get("check_passed"));
        assertTrue(((Map<?, ?>) json.get("protocol")).containsKey("optimizer"));
        Map<?, ?> iris = (Map<?, ?>) ((List<?>) json.get("workloads")).getFirst();
        assertEquals(6, ((List<?>) iris.get("results")).size());
        assertEquals(0.01, ((Number) ((Map<?, ?>) iris.get("config")).get("lr")).doubleValue());
        assertEquals(0.0, ((Number) ((Map<?, ?>) iris.get("config")).get("momentum")).doubleValue());
    }

    @Test
    void engineResultsSurviveTheJsonRoundTrip() {
        EngineResult a = report(1.3704861).workloads().getFirst().results().get(2);
        EngineResult b = EngineResult.fromMap(Json.readObject(Json.write(a.toMap())));
        assertEquals(a, b);
    }

    @Test
    void writesTheJsonTheCsvsAndTheText() throws Exception {
        PeersReport r = report(1.3704861);
        List<Path> files = r.write(dir, Json.write(r.toMap()));
        assertEquals(List.of("peers.json", "peers.csv", "peers-seeds.csv", "report.txt"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(8, ((List<?>) PeersReport.readJson(dir.resolve("peers.json")).get("rows")).size());
        assertTrue(Files.readString(dir.resolve("report.txt")).contains("Spacetime vs each peer"));
    }

    /** Splits one CSV line, honouring quotes. */
    private static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
