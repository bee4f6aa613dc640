package dev.spacetime.bench.mnist;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one {@code bench mnist} run, as text (protocol, one table row per configuration, the same-workload
 * check, the ratios) and as one JSON object ({@link #toMap()}; the README's figures come from it).
 *
 * <p>Ratio for t threads = Spacetime's median epoch at t threads / PyTorch's best median among its configurations
 * with at most t threads (PyTorch on 1 thread may beat PyTorch on 2 at this size, and it is free to use the better
 * one). Below 1 means Spacetime is faster.
 */
public record MnistReport(MnistBench.Options options, String split, int trainRows, boolean pinned,
                          Map<String, Object> machine, List<Measurement> spacetime, List<Measurement> pytorch,
                          String pytorchMissing) {

    /** Largest relative difference of the first-batch loss that still counts as "same weights, same data". */
    public static final double FIRST_BATCH_TOLERANCE = 1e-4;

    public static final String TIMING_SCOPE = "the training loop of each epoch only: draw/index the batch rows, "
            + "forward, loss, backward, SGD step (Spacetime: the Trainer's EpochMetrics.trainSeconds, which also "
            + "draws the epoch's permutation; PyTorch: time.perf_counter around the epoch's batches, permutation "
            + "precomputed); data loading, export, evaluation and process start-up are outside";

    public double firstBatchLossSpacetime() {
        return spacetime.isEmpty() ? Double.NaN : spacetime.getFirst().firstBatchLoss();
    }

    /** Worst relative difference of any PyTorch configuration's first-batch loss from Spacetime's (NaN: no peer). */
    public double firstBatchRelDiff() {
        double worst = Double.NaN;
        for (Measurement m : pytorch) {
            double d = relDiff(m.firstBatchLoss(), firstBatchLossSpacetime());
            if (Double.isNaN(d)) {
                return Double.NaN;
            }
            worst = Double.isNaN(worst) ? d : Math.max(worst, d);
        }
        return worst;
    }

    /**
     * True when every configuration's first-batch loss is within {@link #FIRST_BATCH_TOLERANCE} of Spacetime's first
     * one. Spacetime's own configurations are compared too, not for equality: its vector softmax uses
     * {@code lanewise(EXP)}, whose last bit differs between the JIT's intrinsic and the interpreter's fallback.
     */
    public boolean checkPassed() {
        for (Measurement m : spacetime) {
            if (!(relDiff(m.firstBatchLoss(), firstBatchLossSpacetime()) <= FIRST_BATCH_TOLERANCE)) {
                return false;
            }
        }
        return pytorch.isEmpty() || firstBatchRelDiff() <= FIRST_BATCH_TOLERANCE;
    }

    /** PyTorch's fastest configuration (by median) using at most {@code threads} threads, or null. */
    public Measurement pytorchBest(int threads) {
        Measurement best = null;
        for (Measurement m : pytorch) {
            if (m.threads() <= threads && (best == null || m.median() < best.median())) {
                best = m;
            }
        }
        return best;
    }

    static double relDiff(double a, double b) {
        return Math.abs(a - b) / Math.max(Math.abs(b), Double.MIN_NORMAL);
    }

    // ------------------------------------------------------------------------------------------------ text

    public void printText(PrintStream out) {
        MnistProtocol p = options.protocol();
        out.println("spacetime bench mnist: Spacetime vs PyTorch, per-epoch training time");
        out.println("protocol");
        line(out, "machine", machine.get("cpu") + ", " + machine.get("cores") + " cores, " + machine.get("os")
                + " (figures from a shared or noisy machine are indicative only)");
        line(out, "model", "standard-medium 784-128-64-10, ReLU, softmax cross-entropy (mean over the batch)");
        line(out, "training", "batch " + MnistProtocol.BATCH + ", plain SGD lr " + MnistProtocol.LR
                + " (no momentum, no weight decay, constant rate)");
        line(out, "data", split + "; the " + trainRows + " training rows are exported to the peer as the same float32 values");
        line(out, "init", "Spacetime's He-uniform init (seed " + p.seed() + "); the peer loads the exported tensors "
                + "(dense L.W [in×out], transposed into nn.Linear.weight [out×in]) and biases");
        line(out, "order", "epoch e = the e-th SplitMix64 permutation(" + trainRows + ") of the Trainer's batch-order "
                + "stream (Trainer.batchOrderStream(seed)), exported as int32; batch j = positions [64j, 64j+64)");
        line(out, "runs", "per configuration 1 warm-up epoch (not counted), then " + p.repeats() + " repeat(s) × "
                + p.epochs() + " epoch(s), each repeat from the same initial weights; median and min–max over the "
                + p.repeats() * p.epochs() + " timed epochs");
        line(out, "timing", TIMING_SCOPE);
        line(out, "threads", "Spacetime: Trainer worker threads; PyTorch: torch.set_num_threads(t), "
                + "set_num_interop_threads(1), OMP/OPENBLAS/MKL_NUM_THREADS=t");
        line(out, "pinning", pinned ? "1-thread configurations under taskset -c " + MnistBench.PIN_CORE
                + " (Spacetime in a child JVM, so its JIT/GC threads share the core too); others on all cores"
                : "none (every configuration on all cores)");
        line(out, "peer", pytorch.isEmpty() ? "MISSING: " + pytorchMissing : peerDescription());
        line(out, "GFLOP/s", trainRows + " rows × " + MnistProtocol.FLOPS_FORMULA + " / median epoch seconds");
        out.println();

        out.printf(Locale.ROOT, "%-22s %7s %-26s %10s %17s %8s %9s %10s%n", "configuration", "threads", "placement",
                "median s", "min–max s", "GFLOP/s", "test acc", "warm-up s");
        List<Measurement> all = new ArrayList<>(spacetime);
        all.addAll(pytorch);
        for (Measurement m : all) {
            out.printf(Locale.ROOT, "%-22s %7d %-26s %10.3f %17s %8.1f %8.2f%% %10.3f%n", configName(m), m.threads(),
                    m.placement(), m.median(), String.format(Locale.ROOT, "%.3f–%.3f", m.min(), m.max()),
                    MnistProtocol.gflops(trainRows, m.median()), 100 * m.testAccuracy(), m.warmupSeconds());
        }
        for (Measurement m : pytorch) {
            out.printf(Locale.ROOT, "  pytorch %d thread%s: %s%n", m.threads(), m.threads() == 1 ? " " : "s",
                    threadsDescription(m.details()));
        }
        out.println();

        out.println("same weights, same data, same order (losses of epoch 1, steps 1–" + SpacetimeSide.CHECKED_STEPS
                + "; step 1 = the initial weights on the first batch)");
        for (Measurement m : all) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < m.firstStepLosses().size(); i++) {
                double v = m.firstStepLosses().get(i);
                b.append(String.format(Locale.ROOT, "%.7f", v));
                if (m != spacetime.getFirst() && i < spacetime.getFirst().firstStepLosses().size()) {
                    b.append(String.format(Locale.ROOT, " (rel diff %.1e)",
                            relDiff(v, spacetime.getFirst().firstStepLosses().get(i))));
                }
                b.append("  ");
            }
            out.printf(Locale.ROOT, "  %-22s %d thr  %s epoch-1 mean loss %.6f%n", configName(m), m.threads(), b,
                    m.epoch1TrainLoss());
        }
        if (pytorch.isEmpty()) {
            out.println("  first-batch check: no peer to compare with" + (checkPassed() ? ""
                    : "; Spacetime's configurations disagree beyond " + FIRST_BATCH_TOLERANCE + ": FAIL"));
        } else {
            out.printf(Locale.ROOT, "  first-batch loss: Spacetime %.7f, PyTorch worst rel diff %.2e (tolerance %.0e): %s%n",
                    firstBatchLossSpacetime(), firstBatchRelDiff(), FIRST_BATCH_TOLERANCE,
                    checkPassed() ? "PASS" : "FAIL: the configurations do not train the same thing; the ratios below are void");
        }
        out.println();

        if (!pytorch.isEmpty()) {
            out.println("ratio = Spacetime median / PyTorch's best median with ≤ t threads (< 1: Spacetime faster)");
            for (Map<String, Object> r : ratios()) {
                out.printf(Locale.ROOT, "  %d thread%s: %.3f s / %.3f s (pytorch %s) = %.2f×%n", r.get("threads"),
                        ((Integer) r.get("threads")) == 1 ? " " : "s", r.get("spacetime_median_s"),
                        r.get("pytorch_best_median_s"), r.get("pytorch_best_config"), r.get("ratio"));
            }
        }
    }

    private static void line(PrintStream out, String key, String value) {
        out.printf(Locale.ROOT, "  %-9s %s%n", key, value);
    }

    private static String configName(Measurement m) {
        Object k = m.details().get("kernels");
        if (m.side().equals("spacetime")) {
            return "spacetime" + (k == null ? "" : " (" + k + ")");
        }
        return "pytorch " + m.details().getOrDefault("torch_version", "");
    }

    /** E.g. {@code torch 1.13.0a0 on /usr/bin/python3 3.11.2; BLAS openblas 0.3.21 (Cooperlake kernels, pthreads)}. */
    String peerDescription() {
        Measurement m = pytorch.getFirst();
        Map<String, Object> d = m.details();
        StringBuilder b = new StringBuilder("torch " + d.get("torch_version") + ", numpy " + d.get("numpy_version")
                + " on " + d.get("python_executable") + " " + d.get("python") + "; BLAS ");
        b.append(blasDescription(d));
        b.append("; ").append(String.join(" and ", PythonPeer.REMOVED_ENV)).append(" removed from the peer's environment");
        return b.toString();
    }

    /** What the peer process really ran with: torch's thread pools, the BLAS's threads, the CPU affinity. */
    static String threadsDescription(Map<String, Object> d) {
        StringBuilder b = new StringBuilder("torch intra-op " + d.get("torch_num_threads") + ", inter-op "
                + d.get("torch_num_interop_threads"));
        if (d.get("blas") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> e && e.get("internal_api") != null) {
                    b.append(", ").append(e.get("internal_api")).append(' ').append(e.get("num_threads"));
                }
            }
        }
        return b.append(" threads; CPU affinity ").append(d.get("affinity")).toString();
    }

    public static String blasDescription(Map<String, Object> details) {
        Object blas = details.get("blas");
        List<String> parts = new ArrayList<>();
        if (blas instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> e && "blas".equals(e.get("user_api"))) {
                    parts.add(e.get("internal_api") + " " + e.get("version") + " (" + e.get("architecture")
                            + " kernels, " + e.get("threading_layer") + ")");
                } else if (o instanceof Map<?, ?> e && e.containsKey("error")) {
                    parts.add(String.valueOf(e.get("error")));
                }
            }
        }
        return parts.isEmpty() ? "unknown" : String.join(", ", parts);
    }

    // ------------------------------------------------------------------------------------------------ JSON

    public List<Map<String, Object>> ratios() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Measurement s : spacetime) {
            Measurement best = pytorchBest(s.threads());
            if (best == null) {
                continue;
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("threads", s.threads());
            r.put("spacetime_median_s", s.median());
            r.put("pytorch_best_median_s", best.median());
            r.put("pytorch_best_config", best.threads() + " thread" + (best.threads() == 1 ? "" : "s") + ", "
                    + best.placement());
            r.put("ratio", s.median() / best.median());
            Measurement same = pytorch.stream().filter(m -> m.threads() == s.threads()).findFirst().orElse(null);
            r.put("ratio_same_threads", same == null ? Double.NaN : s.median() / same.median());
            out.add(r);
        }
        return out;
    }

    public Map<String, Object> toMap() {
        MnistProtocol p = options.protocol();
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("model", "standard-medium 784-128-64-10 relu softmax-cross-entropy");
        protocol.put("batch", MnistProtocol.BATCH);
        protocol.put("optimizer", "sgd");
        protocol.put("lr", MnistProtocol.LR);
        protocol.put("momentum", 0.0);
        protocol.put("weight_decay", 0.0);
        protocol.put("seed", p.seed());
        protocol.put("epochs", p.epochs());
        protocol.put("repeats", p.repeats());
        protocol.put("warmup_epochs", 1);
        protocol.put("train_rows", trainRows);
        protocol.put("split", split);
        protocol.put("order_stream", "Trainer.batchOrderStream(seed)");
        protocol.put("timing_scope", TIMING_SCOPE);
        protocol.put("flops_per_sample", MnistProtocol.FLOPS_PER_SAMPLE);
        protocol.put("flops_formula", MnistProtocol.FLOPS_FORMULA);
        protocol.put("threads", options.threads());
        protocol.put("pinned_1_thread", pinned);
        protocol.put("peer_env_removed", PythonPeer.REMOVED_ENV);

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("benchmark", "spacetime bench mnist");
        m.put("version", 1);
        m.put("protocol", protocol);
        m.put("machine", machine);
        m.put("spacetime", withGflops(spacetime));
        m.put("pytorch", pytorch.isEmpty() ? null : withGflops(pytorch));
        m.put("pytorch_missing", pytorchMissing);
        m.put("pytorch_blas", pytorch.isEmpty() ? null : blasDescription(pytorch.getFirst().details()));
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("first_batch_loss_spacetime", firstBatchLossSpacetime());
        check.put("first_batch_loss_pytorch", pytorch.stream().map(Measurement::firstBatchLoss).toList());
        check.put("first_batch_rel_diff", firstBatchRelDiff());
        check.put("tolerance", FIRST_BATCH_TOLERANCE);
        check.put("passed", checkPassed());
        m.put("check", check);
        m.put("ratios", ratios());
        return m;
    }

    private List<Map<String, Object>> withGflops(List<Measurement> ms) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Measurement x : ms) {
            Map<String, Object> row = x.toMap();
            row.put("gflops_median", MnistProtocol.gflops(trainRows, x.median()));
            out.add(row);
        }
        return out;
    }
}
