package dev.spacetime.bench.peers;

import dev.spacetime.bench.mnist.Json;
import dev.spacetime.bench.mnist.MnistReport;
import dev.spacetime.bench.mnist.PythonPeer;
import dev.spacetime.bench.mnist.Stats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one {@code bench peers} run: the protocol, one table row per engine, workload and thread setting
 * (training time, per-epoch time, time with per-epoch evaluation, inference p50/p99, accuracy, peak RSS, the whole
 * process's time, Spacetime/peer), XOR per seed, the same-weights check, the ratios, the whole-process runs; as text,
 * as CSV rows and as one JSON object.
 *
 * <p>Ratio = Spacetime's best median training time on the workload / the row's median: below 1 means Spacetime is
 * faster. Each engine's best thread setting (least median training time) is marked {@code *}.
 */
public record PeersReport(PeersOptions options, Map<String, Object> machine, boolean pinned,
                          List<WorkloadResult> workloads, List<WholeProcess> wholeProcesses,
                          Map<PeerEngine, String> missing, String chartsMissing) {

    /** Largest relative difference of the initial loss, outputs and first steps' losses between engines. */
    public static final double TOLERANCE = MnistReport.FIRST_BATCH_TOLERANCE;

    public static final List<String> CSV_COLUMNS = List.of("workload", "engine", "threads", "pinned", "best",
            "repeats", "epochs", "seeds", "train_s_median", "train_s_min", "train_s_max", "epoch_s_median",
            "eval_run_train_s_median", "eval_run_eval_s_median", "infer_rows", "infer_p50_us", "infer_p99_us",
            "test_accuracy", "converged", "peak_rss_mb", "process_s", "spacetime_over_peer", "initial_loss",
            "status");
    public static final List<String> SEED_CSV_COLUMNS = List.of("workload", "engine", "threads", "seed",
            "train_s_median", "train_s_min", "train_s_max", "test_accuracy", "test_loss", "converged", "training_loss");

    /** One workload's results. */
    public record WorkloadResult(WorkloadPlan plan, String split, int trainRows, int testRows, long params,
                                 List<EngineResult> results) {

        public String id() {
            return plan.workload().id();
        }

        /** The engine's measured result with the least median training time, or null. */
        public EngineResult best(String engine) {
            EngineResult best = null;
            for (EngineResult r : results) {
                if (r.engine().equals(engine) && r.measured() && (best == null || r.trainMedian() < best.trainMedian())) {
                    best = r;
                }
            }
            return best;
        }

        public List<String> engines() {
            return results.stream().map(EngineResult::engine).distinct().toList();
        }

        /** Spacetime's best median / {@code r}'s median (NaN when either is missing). */
        public double ratio(EngineResult r) {
            EngineResult s = best("spacetime");
            return s == null || !r.measured() ? Double.NaN : s.trainMedian() / r.trainMedian();
        }

        /** The same-weights check against Spacetime's first result. */
        public Check check() {
            EngineResult ref = results.stream().filter(r -> r.engine().equals("spacetime") && !r.check().inits().isEmpty())
                    .findFirst().orElse(null);
            if (ref == null) {
                return new Check(Double.NaN, Double.NaN, Double.NaN, false, "no Spacetime reference (its run failed)");
            }
            double loss = 0;
            double outputs = 0;
            double steps = 0;
            int compared = 0;
            for (EngineResult r : results) {
                if (r == ref || r.check().inits().isEmpty()) {
                    continue;
                }
                compared++;
                for (EngineResult.InitCheck c : r.check().inits()) {
                    loss = Math.max(loss, relDiff(c.initialLoss(), ref.initialLoss(c.seed())));
                    List<Double> a = c.initialOutputs();
                    List<Double> b = ref.initialOutputs(c.seed());
                    if (!a.isEmpty() && !b.isEmpty()) {
                        if (a.size() != b.size()) {
                            outputs = Double.POSITIVE_INFINITY;
                        }
                        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                            outputs = Math.max(outputs, Math.abs(a.get(i) - b.get(i)) / Math.max(Math.abs(b.get(i)), 1e-6));
                        }
                    }
                }
                if (r.check().trainsTheWorkloadsLoss()) {
                    List<Double> a = r.check().firstStepLosses();
                    List<Double> b = ref.check().firstStepLosses();
                    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                        steps = Math.max(steps, relDiff(a.get(i), b.get(i)));
                    }
                }
            }
            boolean ok = !(loss > TOLERANCE) && !(outputs > TOLERANCE) && !(steps > TOLERANCE)
                    && !Double.isNaN(loss + outputs + steps);
            return new Check(loss, outputs, steps, ok, compared == 0 ? "no other engine to compare with" : null);
        }
    }

    /** Worst relative differences from Spacetime: initial loss, initial outputs, the first steps' losses. */
    public record Check(double initialLoss, double outputs, double steps, boolean passed, String note) {
    }

    /** A whole {@code ./spacetime experiment} process. */
    public record WholeProcess(String command, double seconds, long peakRssBytes, String note) {
    }

    public boolean checkPassed() {
        return workloads.stream().allMatch(w -> w.check().passed() || w.check().note() != null);
    }

    static double relDiff(double a, double b) {
        return Math.abs(a - b) / Math.max(Math.abs(b), Double.MIN_NORMAL);
    }

    // ------------------------------------------------------------------------------------------------ text

    public void printText(PrintStream out) {
        out.println("spacetime bench peers: the same workloads in Spacetime, NumPy, scikit-learn and PyTorch");
        out.println("protocol");
        for (Map.Entry<String, String> e : protocol().entrySet()) {
            out.printf(Locale.ROOT, "  %-10s %s%n", e.getKey(), e.getValue());
        }
        out.println("workloads");
        for (WorkloadResult w : workloads) {
            out.printf(Locale.ROOT, "  %-16s %s%n", w.id(), workloadLine(w));
        }
        out.println();
        printTable(out);
        for (WorkloadResult w : workloads) {
            if (w.plan().workload() == Workload.XOR) {
                printSeeds(out, w);
            }
        }
        printChecks(out);
        printRatios(out);
        printWholeProcesses(out);
        printSkipped(out);
    }

    /** The protocol, key by key (printed, and stored in the JSON). */
    public Map<String, String> protocol() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("machine", machine.get("cpu") + ", " + machine.get("cores") + " cores, " + machine.get("os")
                + "; load average " + machine.get("load_average_start") + " at the start, "
                + machine.get("load_average_end") + " at the end (other builds may share this machine: figures are "
                + "indicative)");
        p.put("engines", engines());
        p.put("data", "each workload's rows are loaded and normalised once by the engine's loader (iris: the shared "
                + "120/30 split, split seed 0, z-score with the training rows' statistics; xor: the 4 rows, train = "
                + "test; MNIST: bench mnist's 50k training rows, x/255) and exported to the peers as the same float32 values");
        p.put("init", "Spacetime initialises the model (the seed) and exports its tensors ([in×out]); NumPy uses them "
                + "as they are, PyTorch copies them transposed into nn.Linear.weight, scikit-learn has no public way "
                + "to set initial weights: one throw-away partial_fit allocates coefs_/intercepts_, the exported "
                + "tensors are copied into them in place and its counters and optimizer are reset");
        p.put("order", "the Trainer's batch order (epoch e = the e-th SplitMix64 permutation of "
                + "Trainer.batchOrderStream(seed); batch j = positions [j·b, (j+1)·b), the last one the remainder), "
                + "exported; full batch (xor): all rows in data order. scikit-learn: fit() replays the order through "
                + "a RandomState whose shuffle() hands out the exported permutation (checked bit for bit against "
                + "partial_fit once per epoch); its per-epoch-evaluation run calls partial_fit once per epoch");
        p.put("optimizer", "plain SGD for every engine: momentum 0, no Nesterov, no weight decay / L2 (sklearn: "
                + "momentum=0, nesterovs_momentum=False, alpha=0, learning_rate='constant', tol=0, no early stop), "
                + "constant rate; float32 everywhere; lr, batch and epochs per workload below");
        p.put("loss", "softmax cross-entropy (mean over the batch); xor: (y − t)² of the sigmoid output, mean over the "
                + "rows (gradient 2(y − t)/n, divided by n once). scikit-learn cannot train a sigmoid output on squared "
                + "error (its backprop takes y − t as the output delta): its xor row trains log-loss, from the same "
                + "weights, and is marked");
        p.put("timing", "training loop only (gather the batch, forward, loss, backward, update), per training: "
                + "Spacetime the Trainer's own clock, peers time.perf_counter around train(); evaluation timed apart "
                + "(iris +eval: a training that evaluates the 30 test rows after every epoch; train + eval shown); "
                + "data loading, export and process start-up outside; the whole process's wall time in 'process'");
        p.put("repeats", "warm-up first (Spacetime: " + SpacetimePeerWorker.WARMUP_RULE + "; MNIST one untimed epoch; "
                + "peers: one untimed training, iris 1000 / xor ≤ 1000 / MNIST 1 epoch(s)), then " + options.repeats()
                + " timed training(s) per configuration (xor: " + options.xorRepeats() + " per seed) from the same "
                + "initial weights; median and min–max (xor: the median over seeds of each seed's median, min–max "
                + "over every training). A peer whose warm-up puts its timed trainings above "
                + String.format(Locale.ROOT, "%.0f", options.peerBudgetSeconds()) + " s skips them and says so "
                + "(none did if no row below says 'over the budget')");
        p.put("threads", "thread settings per workload (below), each run by every engine: 1 thread pinned with "
                + (pinned ? "taskset -c " + PeersBench.PIN_CORE : "nothing (taskset missing)") + " (Spacetime in a "
                + "child JVM of its own, so JIT and GC share the core), more threads unpinned; Spacetime: Trainer "
                + "threads; PyTorch: set_num_threads(t), set_num_interop_threads(1); NumPy/sklearn: OpenBLAS threads; "
                + "OMP/OPENBLAS/MKL_NUM_THREADS=t for every peer. A peer's 2-thread run whose warm-up is more than "
                + "3× its 1-thread warm-up ends there (tried, not its best; listed under 'not measured'). Each "
                + "engine's best setting is marked * and the ratios use it");
        p.put("inference", "iris only (the workload that asks for it): predicting all 30 test rows per call (forward + predicted classes), p50/p99 over "
                + options.latencyCalls() + " calls timed one by one after an untimed warm-up (Spacetime "
                + "LatencyStats: max(20,000, calls); peers: max(2,000, calls/5)); " + timers());
        p.put("memory", "peak RSS of the engine's own process (VmHWM of its memory map), including its runtime and the loaded "
                + "rows: the JVM's heap (sized from the machine's RAM, no -Xmx, as the launcher starts it) and JIT, "
                + "the Python interpreter and the libraries it imported");
        p.put("check", "same weights, same data: every engine's initial loss on epoch 1's first batch, its initial "
                + "outputs there (softmax probabilities / sigmoid outputs, iris and xor, every seed), and the losses of "
                + "the first " + SpacetimePeerWorker.CHECK_STEPS + " training steps must be within "
                + String.format(Locale.ROOT, "%.0e", TOLERANCE) + " (relative) of Spacetime's, or the run fails");
        return p;
    }

    private String engines() {
        EngineResult st = first("spacetime");
        StringBuilder b = new StringBuilder("spacetime " + (st == null ? "" : "(" + st.details().get("kernels")
                + " kernels, " + st.details().get("java") + ")"));
        for (PeerEngine e : PeerEngine.values()) {
            EngineResult r = first(e.id());
            b.append("; ").append(r == null ? e.id() + " " + (missing.containsKey(e) ? "MISSING" : "not run")
                    : String.valueOf(r.details().get("engine_version")));
        }
        EngineResult any = anyPeer();
        if (any != null) {
            b.append(" on ").append(any.details().get("python_executable")).append(' ').append(any.details().get("python"))
                    .append("; BLAS ").append(MnistReport.blasDescription(any.details())).append("; ")
                    .append(String.join(" and ", PythonPeer.REMOVED_ENV)).append(" removed from the peers' environment");
        }
        return b.toString();
    }

    @SuppressWarnings("unchecked")
    private String timers() {
        EngineResult st = first("spacetime");
        EngineResult py = anyPeer();
        String s = "Spacetime System.nanoTime";
        if (st != null && st.details().get("timer") instanceof Map<?, ?> t) {
            s += String.format(Locale.ROOT, " (smallest step seen %s ns, a read costs %s ns)",
                    t.get("observed_granularity_ns"), number(t.get("read_cost_median_ns"), "%.0f"));
        }
        s += ", Python time.perf_counter_ns";
        if (py != null && py.details().get("timer") instanceof Map<?, ?> t) {
            s += String.format(Locale.ROOT, " (claimed resolution %s ns, smallest step seen %s ns, a read costs %s ns)",
                    number(t.get("claimed_resolution_ns"), "%.0f"), t.get("observed_granularity_ns"),
                    number(t.get("read_cost_median_ns"), "%.0f"));
        }
        return s;
    }

    private static String number(Object o, String fmt) {
        return o instanceof Number n ? String.format(Locale.ROOT, fmt, n.doubleValue()) : String.valueOf(o);
    }

    private EngineResult first(String engine) {
        for (WorkloadResult w : workloads) {
            for (EngineResult r : w.results()) {
                if (r.engine().equals(engine) && r.measured()) {
                    return r;
                }
            }
        }
        return null;
    }

    private EngineResult anyPeer() {
        for (PeerEngine e : PeerEngine.values()) {
            EngineResult r = first(e.id());
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    private static String workloadLine(WorkloadResult w) {
        WorkloadPlan p = w.plan();
        var t = p.config().train();
        String seeds = p.seeds().size() == 1 ? "seed " + p.seeds().getFirst() : p.seeds().size() + " seeds " + p.seeds();
        return String.format(Locale.ROOT, "%s: %s, %,d parameters; SGD lr %s, batch %d%s, %,d epochs, %s; %d train / %d "
                        + "test rows; %s timed training(s) each; threads %s%s", w.plan().workload().title(),
                w.plan().config().model(), w.params(), t.optimizer().lr(), t.batch(),
                t.batch() >= w.trainRows() ? " (full batch)" : "", t.epochs(), seeds, w.trainRows(), w.testRows(),
                p.repeats(), p.threads(), p.notExpressible().isEmpty() ? "" : "; " + String.join("; ",
                        p.notExpressible().entrySet().stream().map(e -> e.getKey().id() + " " + e.getValue()).toList()));
    }

    private void printTable(PrintStream out) {
        String fmt = "%-16s %-11s %3s %-30s %-10s %-21s %-19s %-11s %7s %9s %10s%n";
        out.printf(Locale.ROOT, fmt, "workload", "engine", "thr", "train: median (min–max)", "per epoch",
                "+eval: train + eval", "infer p50 / p99", "accuracy", "RSS MB", "process", "ST/peer");
        for (WorkloadResult w : workloads) {
            for (EngineResult r : w.results()) {
                if (!r.measured()) {
                    continue;
                }
                boolean best = r == w.best(r.engine());
                String eval = r.withEval() == null ? "" : Units.time(Stats.median(r.withEval().trainSeconds()))
                        + " + " + Units.time(Stats.median(r.withEval().evalSeconds()));
                String infer = r.inference() == null ? "" : String.format(Locale.ROOT, "%s / %s µs",
                        Units.micros(r.inference().p50Micros()), Units.micros(r.inference().p99Micros()));
                String acc = w.plan().workload() == Workload.XOR ? r.converged() + "/" + r.runs().size() + " conv"
                        : String.format(Locale.ROOT, "%.2f%%", 100 * r.accuracy());
                out.printf(Locale.ROOT, fmt, w.id(), r.engine() + (r.check().trainsTheWorkloadsLoss() ? "" : " †"),
                        r.threads() + (best ? "*" : ""), Units.time(r.trainMedian()) + " (" + Units.time(r.trainMin())
                                + "–" + Units.time(r.trainMax()) + ")",
                        Units.time(r.trainMedian() / w.plan().epochs()), eval, infer, acc,
                        r.peakRssBytes() > 0 ? String.format(Locale.ROOT, "%.0f", r.peakRssBytes() / 1e6) : "",
                        Double.isNaN(r.processSeconds()) ? "" : String.format(Locale.ROOT, "%.1f s", r.processSeconds()),
                        String.format(Locale.ROOT, "%.4g", w.ratio(r)));
            }
        }
        out.println("  * the engine's best thread setting; ST/peer = Spacetime's best median / the row's median "
                + "(< 1: Spacetime faster); † trains another loss (see the protocol)");
        out.println();
    }

    private static void printSeeds(PrintStream out, WorkloadResult w) {
        List<EngineResult> cols = new ArrayList<>();
        for (String e : w.engines()) {
            EngineResult b = w.best(e);
            if (b != null) {
                cols.add(b);
            }
        }
        out.println("xor per seed (median time of the seed's trainings; ✓ converged: all four outputs on the right side of 0.5)");
        StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "  %-6s", "seed"));
        cols.forEach(c -> h.append(String.format(Locale.ROOT, " %-18s", c.engine() + (c.check().trainsTheWorkloadsLoss() ? "" : " †"))));
        out.println(h);
        for (long seed : w.plan().seeds()) {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "  %-6d", seed));
            for (EngineResult c : cols) {
                EngineResult.SeedRun run = c.runs().stream().filter(x -> x.seed() == seed).findFirst().orElse(null);
                b.append(String.format(Locale.ROOT, " %-18s", run == null ? "—"
                        : Units.time(run.median()) + (run.converged() ? " ✓" : " ✗")));
            }
            out.println(b);
        }
        StringBuilder c = new StringBuilder(String.format(Locale.ROOT, "  %-6s", "conv."));
        cols.forEach(x -> c.append(String.format(Locale.ROOT, " %-18s", x.converged() + "/" + x.runs().size())));
        out.println(c);
        out.println();
    }

    private void printChecks(PrintStream out) {
        out.println("same weights, same data (worst relative difference from Spacetime; tolerance "
                + String.format(Locale.ROOT, "%.0e", TOLERANCE) + ")");
        for (WorkloadResult w : workloads) {
            Check c = w.check();
            EngineResult ref = w.results().stream().filter(r -> r.engine().equals("spacetime")).findFirst().orElse(null);
            String loss = ref == null || ref.check().inits().isEmpty() ? "" : String.format(Locale.ROOT,
                    "Spacetime's initial loss %.7f; worst: ", ref.check().inits().getFirst().initialLoss());
            out.printf(Locale.ROOT, "  %-16s %sinitial loss %.1e, outputs %.1e, first %d steps %.1e: %s%n", w.id(), loss,
                    c.initialLoss(), c.outputs(), SpacetimePeerWorker.CHECK_STEPS, c.steps(),
                    c.note() != null ? c.note() : c.passed() ? "PASS" : "FAIL: the engines do not train the same thing");
        }
        out.println();
    }

    private void printRatios(PrintStream out) {
        out.println("Spacetime vs each peer at their best (median training time; ratio < 1: Spacetime faster)");
        for (WorkloadResult w : workloads) {
            EngineResult s = w.best("spacetime");
            if (s == null) {
                continue;
            }
            StringBuilder b = new StringBuilder();
            for (String e : w.engines()) {
                EngineResult p = w.best(e);
                if (p == null || e.equals("spacetime")) {
                    continue;
                }
                double ratio = w.ratio(p);
                b.append(String.format(Locale.ROOT, "%s%s %s (%d thr) → %.3g, Spacetime %.3g× %s", b.isEmpty() ? "" : "; ",
                        e, Units.time(p.trainMedian()), p.threads(), ratio, ratio < 1 ? 1 / ratio : ratio,
                        ratio < 1 ? "faster" : "slower"));
            }
            out.printf(Locale.ROOT, "  %-16s Spacetime %s (%d thr): %s%n", w.id(), Units.time(s.trainMedian()), s.threads(),
                    b.isEmpty() ? "no peer measured" : b);
        }
        out.println();
    }

    private void printWholeProcesses(PrintStream out) {
        out.println("whole processes (wall time from start to exit)");
        out.println("  every engine's measuring process: the 'process' column (start-up, imports, loading, the checks, "
                + "warm-up, the timed trainings, the latency probe)");
        for (WholeProcess w : wholeProcesses) {
            out.printf(Locale.ROOT, "  %-34s %s%n", w.command(), Double.isNaN(w.seconds()) ? w.note()
                    : String.format(Locale.ROOT, "%.2f s, peak RSS %s (%s: launcher, JVM start, the preset's 2 s JIT "
                    + "warm-up, 11 trainings per seed, latency probe)", w.seconds(),
                    w.peakRssBytes() > 0 ? String.format(Locale.ROOT, "%.0f MB", w.peakRssBytes() / 1e6) : "?", w.note()));
        }
        out.println();
    }

    private void printSkipped(PrintStream out) {
        boolean any = false;
        for (WorkloadResult w : workloads) {
            for (EngineResult r : w.results()) {
                if (!r.measured()) {
                    if (!any) {
                        out.println("not measured");
                        any = true;
                    }
                    out.printf(Locale.ROOT, "  %-16s %-10s %d thr: %s%n", w.id(), r.engine(), r.threads(),
                            r.skipped() == null ? "no runs" : r.skipped());
                }
            }
        }
        if (chartsMissing != null) {
            out.println("  charts: " + chartsMissing);
        }
    }

    // ------------------------------------------------------------------------------------------------ rows, CSV, JSON

    /** One row per engine, workload and thread setting, with {@link #CSV_COLUMNS}. */
    public List<Map<String, Object>> rows() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (WorkloadResult w : workloads) {
            for (EngineResult r : w.results()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("workload", w.id());
                m.put("engine", r.engine());
                m.put("threads", r.threads());
                m.put("pinned", r.pinned());
                m.put("best", r.measured() && r == w.best(r.engine()));
                m.put("repeats", w.plan().repeats());
                m.put("epochs", w.plan().epochs());
                m.put("seeds", r.runs().size());
                m.put("train_s_median", r.measured() ? r.trainMedian() : Double.NaN);
                m.put("train_s_min", r.measured() ? r.trainMin() : Double.NaN);
                m.put("train_s_max", r.measured() ? r.trainMax() : Double.NaN);
                m.put("epoch_s_median", r.measured() ? r.trainMedian() / w.plan().epochs() : Double.NaN);
                m.put("eval_run_train_s_median", r.withEval() == null ? Double.NaN : Stats.median(r.withEval().trainSeconds()));
                m.put("eval_run_eval_s_median", r.withEval() == null ? Double.NaN : Stats.median(r.withEval().evalSeconds()));
                m.put("infer_rows", r.inference() == null ? null : r.inference().rows());
                m.put("infer_p50_us", r.inference() == null ? Double.NaN : r.inference().p50Micros());
                m.put("infer_p99_us", r.inference() == null ? Double.NaN : r.inference().p99Micros());
                m.put("test_accuracy", r.measured() ? r.accuracy() : Double.NaN);
                m.put("converged", r.measured() ? r.converged() : null);
                m.put("peak_rss_mb", r.peakRssBytes() > 0 ? r.peakRssBytes() / 1e6 : Double.NaN);
                m.put("process_s", r.processSeconds());
                m.put("spacetime_over_peer", w.ratio(r));
                m.put("initial_loss", r.check().inits().isEmpty() ? Double.NaN : r.check().inits().getFirst().initialLoss());
                m.put("status", r.measured() ? (r.check().trainsTheWorkloadsLoss() ? "ok" : "ok; trains "
                        + r.check().trainingLoss()) : r.skipped());
                out.add(m);
            }
        }
        return out;
    }

    /** XOR (and every workload's) per-seed rows, with {@link #SEED_CSV_COLUMNS}. */
    public List<Map<String, Object>> seedRows() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (WorkloadResult w : workloads) {
            for (EngineResult r : w.results()) {
                for (EngineResult.SeedRun s : r.runs()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("workload", w.id());
                    m.put("engine", r.engine());
                    m.put("threads", r.threads());
                    m.put("seed", s.seed());
                    m.put("train_s_median", s.median());
                    m.put("train_s_min", Stats.min(s.trainSeconds()));
                    m.put("train_s_max", Stats.max(s.trainSeconds()));
                    m.put("test_accuracy", s.testAccuracy());
                    m.put("test_loss", s.testLoss());
                    m.put("converged", s.converged());
                    m.put("training_loss", r.check().trainsTheWorkloadsLoss() ? "workload" : r.check().trainingLoss());
                    out.add(m);
                }
            }
        }
        return out;
    }

    public static String csv(List<String> columns, List<Map<String, Object>> rows) {
        StringBuilder b = new StringBuilder(String.join(",", columns)).append('\n');
        for (Map<String, Object> r : rows) {
            List<String> cells = new ArrayList<>();
            for (String c : columns) {
                cells.add(cell(r.get(c)));
            }
            b.append(String.join(",", cells)).append('\n');
        }
        return b.toString();
    }

    private static String cell(Object v) {
        if (v == null || (v instanceof Double d && d.isNaN())) {
            return "";
        }
        String s = String.valueOf(v);
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("benchmark", "spacetime bench peers");
        m.put("version", 1);
        m.put("machine", machine);
        m.put("protocol", protocol());
        List<Map<String, Object>> ws = new ArrayList<>();
        for (WorkloadResult w : workloads) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("workload", w.id());
            x.put("config", w.plan().describe());
            x.put("split", w.split());
            x.put("train_rows", w.trainRows());
            x.put("test_rows", w.testRows());
            x.put("params", w.params());
            x.put("results", w.results().stream().map(EngineResult::toMap).toList());
            Check c = w.check();
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("initial_loss_rel_diff", c.initialLoss());
            cm.put("outputs_rel_diff", c.outputs());
            cm.put("first_steps_rel_diff", c.steps());
            cm.put("tolerance", TOLERANCE);
            cm.put("passed", c.passed());
            cm.put("note", c.note());
            x.put("check", cm);
            ws.add(x);
        }
        m.put("workloads", ws);
        m.put("rows", rows());
        List<Map<String, Object>> wp = new ArrayList<>();
        for (WholeProcess w : wholeProcesses) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("command", w.command());
            x.put("seconds", w.seconds());
            x.put("peak_rss_bytes", w.peakRssBytes());
            x.put("note", w.note());
            wp.add(x);
        }
        m.put("whole_processes", wp);
        Map<String, Object> miss = new LinkedHashMap<>();
        missing.forEach((e, why) -> miss.put(e.id(), why));
        m.put("missing", miss);
        m.put("charts_missing", chartsMissing);
        m.put("check_passed", checkPassed());
        return m;
    }

    /** Writes peers.json, peers.csv, peers-seeds.csv and report.txt into {@code dir}; returns the files. */
    public List<Path> write(Path dir, String jsonLine) {
        try {
            Files.createDirectories(dir);
            List<Path> files = new ArrayList<>();
            files.add(Files.writeString(dir.resolve("peers.json"), jsonLine + "\n"));
            files.add(Files.writeString(dir.resolve("peers.csv"), csv(CSV_COLUMNS, rows())));
            files.add(Files.writeString(dir.resolve("peers-seeds.csv"), csv(SEED_CSV_COLUMNS, seedRows())));
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            printText(new PrintStream(text, true, StandardCharsets.UTF_8));
            files.add(Files.writeString(dir.resolve("report.txt"), text.toString(StandardCharsets.UTF_8)));
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the figures to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Reads back what {@link #write} wrote, as the charts script does (for tests). */
    public static Map<String, Object> readJson(Path file) {
        try {
            return Json.readObject(Files.readString(file).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
