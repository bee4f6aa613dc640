package dev.spacetime.bench.peers;

import dev.spacetime.bench.mnist.Stats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one engine's process measured on one workload at one thread setting: the JSON line every peer script
 * ({@code peer_common.run}) and {@link SpacetimePeerWorker} print, plus the process's wall time measured from outside.
 *
 * @param skipped        why nothing was timed (missing package, not expressible, over budget, failed), or null
 * @param warmupSeconds  the untimed warm-up (NaN where the engine's own rule decides, see the protocol)
 * @param runs           one per seed: the timed trainings' seconds (training loop only), test figures
 * @param withEval       trainings that evaluate the test rows after every epoch, or null
 * @param inference      predicting all test rows per call, or null
 * @param check          the same-weights evidence: initial outputs and loss per seed, the first steps' losses
 * @param processSeconds wall time of the whole process (start-up, imports, loading, warm-up, everything), or NaN
 * @param command        the process's command line
 */
public record EngineResult(String engine, String workload, int threads, boolean pinned, String placement,
                           String skipped, double warmupSeconds, List<SeedRun> runs, WithEval withEval,
                           Inference inference, Check check, long peakRssBytes, Map<String, Object> details,
                           double processSeconds, String command) {

    /** One seed's timed trainings. {@code finalOutputs}: XOR's four outputs after training, else null. */
    public record SeedRun(long seed, List<Double> trainSeconds, double testLoss, double testAccuracy,
                          boolean converged, List<Double> finalOutputs) {

        public double median() {
            return Stats.median(trainSeconds);
        }
    }

    /** Trainings with per-epoch evaluation: training loop and evaluation timed apart. */
    public record WithEval(List<Double> trainSeconds, List<Double> evalSeconds, double testAccuracy) {
    }

    /** Latency of predicting {@code rows} rows per call, {@code calls} calls timed one by one after a warm-up. */
    public record Inference(int rows, int calls, double p50Micros, double p99Micros, String timer) {
    }

    /** Initial outputs and loss of one init on epoch 1's first batch. */
    public record InitCheck(long seed, List<Double> initialOutputs, double initialLoss) {
    }

    /** @param trainingLoss what the engine's training minimises, when it is not the workload's loss */
    public record Check(List<InitCheck> inits, List<Double> firstStepLosses, String trainingLoss) {

        public boolean trainsTheWorkloadsLoss() {
            return trainingLoss == null || trainingLoss.equals("the workload's loss");
        }
    }

    /** A result that timed nothing. */
    public static EngineResult skipped(String engine, String workload, int threads, String why) {
        return new EngineResult(engine, workload, threads, false, "", why, Double.NaN, List.of(), null, null,
                new Check(List.of(), List.of(), null), -1, Map.of(), Double.NaN, "");
    }

    public EngineResult withProcess(double seconds, String cmd) {
        return new EngineResult(engine, workload, threads, pinned, placement, skipped, warmupSeconds, runs, withEval,
                inference, check, peakRssBytes, details, seconds, cmd);
    }

    public boolean measured() {
        return skipped == null && !runs.isEmpty();
    }

    /** Median over seeds of each seed's median training time (one seed: its median). */
    public double trainMedian() {
        return Stats.median(runs.stream().map(SeedRun::median).toList());
    }

    public double trainMin() {
        return Stats.min(allTrainSeconds());
    }

    public double trainMax() {
        return Stats.max(allTrainSeconds());
    }

    public List<Double> allTrainSeconds() {
        List<Double> all = new ArrayList<>();
        runs.forEach(r -> all.addAll(r.trainSeconds()));
        return all;
    }

    public int converged() {
        return (int) runs.stream().filter(SeedRun::converged).count();
    }

    /** Mean test accuracy over the seeds. */
    public double accuracy() {
        return runs.stream().mapToDouble(SeedRun::testAccuracy).average().orElse(Double.NaN);
    }

    public double initialLoss(long seed) {
        return check.inits().stream().filter(c -> c.seed() == seed).mapToDouble(InitCheck::initialLoss).findFirst()
                .orElse(Double.NaN);
    }

    public List<Double> initialOutputs(long seed) {
        return check.inits().stream().filter(c -> c.seed() == seed).map(InitCheck::initialOutputs).findFirst()
                .orElse(List.of());
    }

    // ------------------------------------------------------------------------------------------------ JSON

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("engine", engine);
        m.put("workload", workload);
        m.put("threads", threads);
        m.put("pinned", pinned);
        m.put("placement", placement);
        m.put("skipped", skipped);
        m.put("warmup_seconds", warmupSeconds);
        List<Map<String, Object>> rs = new ArrayList<>();
        for (SeedRun r : runs) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("seed", r.seed());
            x.put("train_seconds", r.trainSeconds());
            x.put("test_loss", r.testLoss());
            x.put("test_accuracy", r.testAccuracy());
            x.put("converged", r.converged());
            x.put("final_outputs", r.finalOutputs());
            rs.add(x);
        }
        m.put("runs", rs);
        if (withEval != null) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("train_seconds", withEval.trainSeconds());
            x.put("eval_seconds", withEval.evalSeconds());
            x.put("test_accuracy", withEval.testAccuracy());
            m.put("with_eval", x);
        } else {
            m.put("with_eval", null);
        }
        if (inference != null) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("rows", inference.rows());
            x.put("calls", inference.calls());
            x.put("p50_us", inference.p50Micros());
            x.put("p99_us", inference.p99Micros());
            x.put("timer", inference.timer());
            m.put("inference", x);
        } else {
            m.put("inference", null);
        }
        Map<String, Object> c = new LinkedHashMap<>();
        List<Map<String, Object>> inits = new ArrayList<>();
        for (InitCheck i : check.inits()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("seed", i.seed());
            x.put("initial_outputs", i.initialOutputs());
            x.put("initial_loss", i.initialLoss());
            inits.add(x);
        }
        c.put("inits", inits);
        c.put("first_step_losses", check.firstStepLosses());
        c.put("training_loss", check.trainingLoss());
        m.put("check", c);
        m.put("peak_rss_bytes", peakRssBytes);
        m.put("process_seconds", processSeconds);
        m.put("command", command);
        m.put("details", details);
        return m;
    }

    /** Reads {@link #toMap()} output or a peer script's JSON line (the same field names). */
    @SuppressWarnings("unchecked")
    public static EngineResult fromMap(Map<String, Object> m) {
        List<SeedRun> runs = new ArrayList<>();
        for (Object o : list(m.get("runs"))) {
            Map<String, Object> r = (Map<String, Object>) o;
            runs.add(new SeedRun(((Number) r.get("seed")).longValue(), doubles(r.get("train_seconds")),
                    number(r.get("test_loss")), number(r.get("test_accuracy")), Boolean.TRUE.equals(r.get("converged")),
                    r.get("final_outputs") == null ? null : doubles(r.get("final_outputs"))));
        }
        WithEval we = null;
        if (m.get("with_eval") instanceof Map<?, ?> w) {
            we = new WithEval(doubles(w.get("train_seconds")), doubles(w.get("eval_seconds")), number(w.get("test_accuracy")));
        }
        Inference inf = null;
        if (m.get("inference") instanceof Map<?, ?> i) {
            inf = new Inference(((Number) i.get("rows")).intValue(), ((Number) i.get("calls")).intValue(),
                    number(i.get("p50_us")), number(i.get("p99_us")), String.valueOf(i.get("timer")));
        }
        Check check = new Check(List.of(), List.of(), null);
        if (m.get("check") instanceof Map<?, ?> c) {
            List<InitCheck> inits = new ArrayList<>();
            for (Object o : list(c.get("inits"))) {
                Map<String, Object> x = (Map<String, Object>) o;
                inits.add(new InitCheck(((Number) x.get("seed")).longValue(), doubles(x.get("initial_outputs")),
                        number(x.get("initial_loss"))));
            }
            check = new Check(inits, doubles(c.get("first_step_losses")), (String) c.get("training_loss"));
        }
        Object details = m.get("details");
        return new EngineResult((String) m.get("engine"), String.valueOf(m.getOrDefault("workload", "")),
                m.get("threads") == null ? 1 : ((Number) m.get("threads")).intValue(), Boolean.TRUE.equals(m.get("pinned")),
                String.valueOf(m.getOrDefault("placement", "")), (String) m.get("skipped"), number(m.get("warmup_seconds")),
                runs, we, inf, check, m.get("peak_rss_bytes") == null ? -1 : ((Number) m.get("peak_rss_bytes")).longValue(),
                details == null ? Map.of() : (Map<String, Object>) details, number(m.get("process_seconds")),
                m.get("command") == null ? "" : String.valueOf(m.get("command")));
    }

    private static List<?> list(Object o) {
        return o == null ? List.of() : (List<?>) o;
    }

    static List<Double> doubles(Object list) {
        List<Double> out = new ArrayList<>();
        for (Object o : list(list)) {
            out.add(number(o));
        }
        return out;
    }

    static double number(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }
}
