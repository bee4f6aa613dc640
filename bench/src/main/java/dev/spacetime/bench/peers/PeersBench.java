package dev.spacetime.bench.peers;

import dev.spacetime.bench.Machine;
import dev.spacetime.bench.ChildJvm;
import dev.spacetime.bench.mnist.Json;
import dev.spacetime.bench.mnist.MnistBench;
import dev.spacetime.bench.mnist.PeerExport;
import dev.spacetime.bench.mnist.Processes;
import dev.spacetime.bench.mnist.PythonPeer;
import dev.spacetime.engine.data.DataSplit;
import dev.spacetime.engine.model.Model;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code spacetime bench peers}: every workload run by Spacetime and by the peers users would otherwise pick
 * (NumPy, scikit-learn, PyTorch from Debian's packages), one process per engine, workload and thread setting, from
 * the same exported rows, initial tensors and batch order ({@link PeerExport}). {@link PeersReport} prints and
 * writes the figures.
 */
public final class PeersBench {

    public static final String PIN_CORE = MnistBench.PIN_CORE;
    private static final int PROCESS_TIMEOUT_SECONDS = 3600;

    private PeersBench() {
    }

    /** Runs every workload of {@code o}; progress goes to {@code log}. */
    public static PeersReport run(PeersOptions o, Consumer<String> log) {
        Map<String, Object> machine = Machine.describe();
        machine.put("load_average_start", loadAverage());
        boolean taskset = Files.isExecutable(Path.of("/usr/bin/taskset"));
        if (!taskset) {
            log.accept("WARNING: taskset (Debian package util-linux) is missing: the 1-thread runs are not pinned");
        }
        PythonPeer python = new PythonPeer(o.python());
        Map<PeerEngine, String> missing = new EnumMap<>(PeerEngine.class);
        String chartsMissing = availability(python, o.install(), missing, log);

        List<PeersReport.WorkloadResult> results = new ArrayList<>();
        for (Workload w : o.workloads()) {
            results.add(runWorkload(WorkloadPlan.of(w, o), o, python, missing, taskset, log));
        }
        List<PeersReport.WholeProcess> whole = o.launcherRuns() ? launcherRuns(o, log) : List.of();
        machine.put("load_average_end", loadAverage());
        return new PeersReport(o, machine, taskset, results, whole, missing, chartsMissing);
    }

    /**
     * Fills {@code missing} with the peers {@code python} cannot import (installing their Debian packages first when
     * allowed); returns why the charts cannot be drawn, or null.
     */
    static String availability(PythonPeer python, boolean install, Map<PeerEngine, String> missing, Consumer<String> log) {
        Set<String> packages = new LinkedHashSet<>();
        check(python, missing, packages);
        String charts = python.missing(PeerEngine.CHART_MODULE);
        if (charts != null) {
            packages.add(PeerEngine.CHART_PACKAGE);
        }
        if (packages.isEmpty()) {
            return null;
        }
        List<String> pkgs = List.copyOf(packages);
        if (!install) {
            String hint = " (--no-install: install with `" + PythonPeer.installCommand(pkgs) + "`)";
            missing.replaceAll((e, why) -> why + hint);
            return charts + hint;
        }
        log.accept("missing: " + String.join(", ", pkgs));
        String failed = python.install(pkgs, log);
        missing.clear();
        check(python, missing, new LinkedHashSet<>());
        charts = python.missing(PeerEngine.CHART_MODULE);
        if (failed != null) {
            missing.replaceAll((e, why) -> why + "; " + failed);
            return charts == null ? null : charts + "; " + failed;
        }
        return charts;
    }

    private static void check(PythonPeer python, Map<PeerEngine, String> missing, Set<String> packages) {
        String common = python.missing("numpy");
        String blas = python.missing("threadpoolctl");
        if (blas != null) {
            packages.add("python3-threadpoolctl");
        }
        for (PeerEngine e : PeerEngine.values()) {
            String why = common != null ? common : python.missing(e.module());
            if (why != null) {
                missing.put(e, why);
                packages.addAll(PeerEngine.COMMON_PACKAGES);
                packages.add(e.debianPackage());
            }
        }
    }

    static PeersReport.WorkloadResult runWorkload(WorkloadPlan plan, PeersOptions o, PythonPeer python,
                                                  Map<PeerEngine, String> missing, boolean taskset, Consumer<String> log) {
        Workload w = plan.workload();
        log.accept("== " + w.id() + ": " + w.title());
        DataSplit data = plan.load(o.dataDir(), o.cacheDir(), log);
        long params = plan.spec(data, plan.seeds().getFirst()).parameterCount();
        List<EngineResult> results = new ArrayList<>();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("spacetime-bench-peers-" + w.id() + "-");
            export(plan, data, dir);
            Map<PeerEngine, Double> oneThreadWarmup = new EnumMap<>(PeerEngine.class);
            for (int t : plan.threads()) {
                boolean pin = taskset && t == 1;
                String placement = pin ? "taskset -c " + PIN_CORE : "all cores";
                results.add(spacetime(plan, t, pin, placement, o, log));
                for (PeerEngine e : plan.peers()) {
                    if (missing.containsKey(e)) {
                        results.add(EngineResult.skipped(e.id(), w.id(), t, "missing: " + missing.get(e)));
                        continue;
                    }
                    EngineResult r = peer(e, plan, t, pin, placement, dir, python, o,
                            t == 1 ? 0 : oneThreadWarmup.getOrDefault(e, 0.0), log);
                    if (t == 1 && r.measured() && r.warmupSeconds() > 0) {
                        oneThreadWarmup.put(e, r.warmupSeconds());
                    }
                    results.add(r);
                }
            }
            plan.notExpressible().forEach((e, why) -> results.add(EngineResult.skipped(e.id(), w.id(), 1, why)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the export folder: " + e.getMessage(), e);
        } finally {
            if (dir != null && !o.keepExport()) {
                deleteTree(dir);
            } else if (dir != null) {
                log.accept("the peers' " + w.id() + " workload is kept in " + dir);
            }
        }
        return new PeersReport.WorkloadResult(plan, data.description(), data.train().n(), data.test().n(), params, results);
    }

    /**
     * Writes the workload for the peers into {@code dir}: the rows, every seed's initial tensors (drawn by the engine
     * exactly as ExperimentRunner draws them), the batch order, and the peer scripts.
     */
    public static void export(WorkloadPlan plan, DataSplit data, Path dir) {
        List<PeerExport.Init> inits = new ArrayList<>();
        for (long seed : plan.seeds()) {
            Model m = plan.spec(data, seed).build();
            m.initialize(seed);
            inits.add(new PeerExport.Init(seed, m));
        }
        PeerExport.write(dir, data, inits, new PeerExport.Training(plan.workload().id(), plan.batch(), plan.lr(),
                plan.epochs(), plan.repeats(), plan.seeds().getFirst(), SpacetimePeerWorker.CHECK_STEPS),
                data.description());
        for (String s : PeerEngine.SHARED_SCRIPTS) {
            PythonPeer.extract(s, dir);
        }
        for (PeerEngine e : PeerEngine.values()) {
            PythonPeer.extract(e.script(), dir);
        }
    }

    private static EngineResult spacetime(WorkloadPlan plan, int threads, boolean pin, String placement, PeersOptions o,
                                          Consumer<String> log) {
        List<String> cmd = new ArrayList<>();
        if (pin) {
            cmd.addAll(List.of("taskset", "-c", PIN_CORE));
        }
        cmd.addAll(ChildJvm.command(SpacetimePeerWorker.class,
                SpacetimePeerWorker.arguments(plan, threads, pin, placement + ", child JVM", o.dataDir(), o.cacheDir())));
        log.accept("spacetime " + threads + " thread(s), " + placement + ": child JVM " + SpacetimePeerWorker.class.getSimpleName());
        return runProcess("spacetime", plan, threads, cmd, Map.of(), log);
    }

    /**
     * One peer process. {@code trialAgainst}: the peer's warm-up seconds on 1 thread (0: none); a warm-up more than
     * 3× slower ends the trial of this thread setting before its timed trainings (PyTorch's 2 OpenMP threads spin on
     * every tiny op and take minutes for Iris on a shared 2-core machine).
     */
    private static EngineResult peer(PeerEngine e, WorkloadPlan plan, int threads, boolean pin, String placement,
                                     Path dir, PythonPeer python, PeersOptions o, double trialAgainst,
                                     Consumer<String> log) {
        List<String> cmd = new ArrayList<>();
        if (pin) {
            cmd.addAll(List.of("taskset", "-c", PIN_CORE));
        }
        cmd.addAll(List.of(python.python(), dir.resolve(e.script()).toString(), "--dir", dir.toString(), "--workload",
                plan.workload().id(), "--threads", String.valueOf(threads), "--placement", placement, "--repeats",
                String.valueOf(plan.repeats()), "--warmup-epochs", String.valueOf(plan.warmupEpochs()),
                "--latency-calls", String.valueOf(plan.latencyCalls()), "--check-steps",
                String.valueOf(SpacetimePeerWorker.CHECK_STEPS), "--budget-seconds", String.valueOf(o.peerBudgetSeconds())));
        if (pin) {
            cmd.add("--pinned");
        }
        if (trialAgainst > 0) {
            cmd.addAll(List.of("--trial-against", String.valueOf(trialAgainst)));
        }
        if (plan.withEval()) {
            cmd.add("--with-eval");
        }
        log.accept(e.id() + " " + threads + " thread(s), " + placement + ": " + e.script() + " (without "
                + String.join(", ", PythonPeer.REMOVED_ENV) + "; OMP/OPENBLAS/MKL_NUM_THREADS=" + threads + ")");
        return runProcess(e.id(), plan, threads, cmd, MnistBench.peerEnvironment(threads), log);
    }

    /** Runs one engine's process, timing it whole; a failure becomes a skipped result that says why. */
    private static EngineResult runProcess(String engine, WorkloadPlan plan, int threads, List<String> cmd,
                                           Map<String, String> env, Consumer<String> log) {
        long t0 = System.nanoTime();
        Processes.Result r;
        try {
            r = Processes.run(cmd, env, log, PROCESS_TIMEOUT_SECONDS);
        } catch (RuntimeException ex) {
            return EngineResult.skipped(engine, plan.workload().id(), threads, "failed: " + ex.getMessage());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (r.exit() != 0 || r.stdout().isBlank()) {
            String[] err = r.stderr().strip().split("\n");
            return EngineResult.skipped(engine, plan.workload().id(), threads, "failed (exit " + r.exit() + "): "
                    + err[err.length - 1]);
        }
        return EngineResult.fromMap(Json.readObject(r.lastLine())).withProcess(seconds, String.join(" ", cmd));
    }

    /**
     * Whole {@code ./spacetime experiment xor|iris} processes as a user starts them (the launcher: its freshness
     * check, JVM start with the AOT cache, the preset's JIT warm-up, 11 timed trainings per seed, the latency probe).
     */
    static List<PeersReport.WholeProcess> launcherRuns(PeersOptions o, Consumer<String> log) {
        List<PeersReport.WholeProcess> out = new ArrayList<>();
        Path launcher = launcher();
        for (Workload w : o.workloads()) {
            if (w.isMnist()) {
                continue;
            }
            List<String> cmd = new ArrayList<>(List.of(launcher == null ? "./spacetime" : launcher.toString(),
                    "experiment", w.id(), "--json"));
            if (o.quick() && w == Workload.XOR) {
                cmd.add("--quick");
            }
            String shown = "./spacetime " + String.join(" ", cmd.subList(1, cmd.size()));
            if (launcher == null) {
                out.add(new PeersReport.WholeProcess(shown, Double.NaN, -1, "not measured: this JVM was not started "
                        + "from the launcher's jar (cli/target/spacetime-cli.jar next to ./spacetime)"));
                continue;
            }
            log.accept("whole process: " + shown);
            long t0 = System.nanoTime();
            Processes.Result r = Processes.run(cmd, Map.of(), null, PROCESS_TIMEOUT_SECONDS);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long rss = -1;
            String note = "exit " + r.exit();
            if (r.exit() == 0) {
                Map<String, Object> json = Json.readObject(r.lastLine());
                for (Object run : (List<?>) json.get("runs")) {
                    if (run instanceof Map<?, ?> m && m.get("peak_rss_bytes") instanceof Number n) {
                        rss = Math.max(rss, n.longValue());
                    }
                }
                note = ((List<?>) json.get("runs")).size() + " runs";
            }
            out.add(new PeersReport.WholeProcess(shown, seconds, rss, note));
        }
        return out;
    }

    /** {@code ./spacetime} when this JVM runs the launcher's jar ({@code <root>/cli/target/spacetime-cli.jar}). */
    static Path launcher() {
        String cp = System.getProperty("java.class.path", "");
        if (cp.contains(java.io.File.pathSeparator) || !cp.endsWith("spacetime-cli.jar")) {
            return null;
        }
        Path jar = Path.of(cp).toAbsolutePath();
        Path root = jar.getParent() == null || jar.getParent().getParent() == null ? null : jar.getParent().getParent().getParent();
        Path launcher = root == null ? null : root.resolve("spacetime");
        return launcher != null && Files.isExecutable(launcher) ? launcher : null;
    }

    /** {@code bench/results/peers-<date>} of the project when run from the launcher, else under the working folder. */
    public static Path defaultOut() {
        Path launcher = launcher();
        Path base = launcher == null ? Path.of("bench", "results") : launcher.getParent().resolve("bench").resolve("results");
        return base.resolve("peers-" + LocalDate.now());
    }

    /** The 1/5/15-minute load averages (other builds share this machine), or "unknown". */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is not worth failing a finished benchmark for
        }
    }

    /**
     * Prints the report, writes its files (JSON, CSVs, the text, the charts) into {@code outDir}; with {@code json}
     * the last stdout line is the JSON object. Returns the exit code: 1 when the same-weights check failed.
     */
    public static int print(PeersReport report, boolean json, Path outDir, PythonPeer python, PrintStream out,
                            Consumer<String> log) {
        report.printText(out);
        String line = Json.write(report.toMap());
        if (outDir != null) {
            List<Path> files = report.write(outDir, line);
            files.addAll(Charts.draw(report, outDir, python, log));
            out.println();
            out.println("written to " + outDir.toAbsolutePath() + ": "
                    + String.join(", ", files.stream().map(p -> p.getFileName().toString()).toList()));
        }
        if (json) {
            out.println(line);
        }
        return report.checkPassed() ? 0 : 1;
    }
}
