package dev.spacetime.bench.jmh;

import dev.spacetime.bench.ChildJvm;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code spacetime bench jmh}: runs the JMH benchmarks of this module in forked JVMs and prints a GFLOP/s summary.
 *
 * <p>Forks: the same {@code java} binary as this JVM and this JVM's class path ({@code java.class.path}, the
 * launcher's shaded jar: JMH's default), with this JVM's flags minus the Vector API module and the AOT cache (which
 * belongs to the launcher's own class list). The vector twins and the FMA peak add the module back through their
 * {@code @Fork(jvmArgsAppend)}; the scalar twins run without it. JMH's own options (a regex, {@code -f}, {@code -wi},
 * {@code -rf json}, ...) pass through and win over {@code --quick}.
 */
public final class JmhSuite {

    /** --quick: 1 fork, 2 warm-up × 1 s, 3 × 1 s measurement. */
    public static final int QUICK_FORKS = 1;
    public static final int QUICK_WARMUP = 2;
    public static final int QUICK_MEASUREMENT = 3;

    /** JMH 1.37's forked harness calls sun.misc.Unsafe, which JDK 24+ warns about on every fork; allowed quietly. */
    static final String UNSAFE_FLAG = "--sun-misc-unsafe-memory-access=allow";

    /** By name: loading FmaPeakBenchmark's class needs the Vector API module, which this JVM may lack. */
    static final String FMA_BENCHMARK = "dev.spacetime.bench.jmh.FmaPeakBenchmark.fma";

    private JmhSuite() {
    }

    /** Runs JMH with {@code jmhArgs} (JMH's command-line syntax) and prints the summary; returns the exit code. */
    public static int run(boolean quick, List<String> jmhArgs, PrintStream out) {
        CommandLineOptions cmd;
        try {
            cmd = new CommandLineOptions(jmhArgs.toArray(String[]::new));
        } catch (CommandLineOptionException e) {
            out.println("bench jmh: bad JMH arguments " + jmhArgs + ": " + e.getMessage());
            return 2;
        }
        ChainedOptionsBuilder b = new OptionsBuilder().parent(cmd)
                .jvm(cmd.getJvm().orElse(ChildJvm.javaBinary()))
                .shouldFailOnError(cmd.shouldFailOnError().orElse(true));
        if (cmd.getIncludes().isEmpty()) {
            b.include(JmhSuite.class.getPackageName() + "\\..*");
        }
        if (!cmd.getJvmArgs().hasValue()) {
            b.jvmArgs(forkJvmArgs(ChildJvm.inputArgs()).toArray(String[]::new));
        }
        if (quick) {
            b.forks(cmd.getForkCount().orElse(QUICK_FORKS))
                    .warmupIterations(cmd.getWarmupIterations().orElse(QUICK_WARMUP))
                    .warmupTime(cmd.getWarmupTime().orElse(TimeValue.seconds(1)))
                    .measurementIterations(cmd.getMeasurementIterations().orElse(QUICK_MEASUREMENT))
                    .measurementTime(cmd.getMeasurementTime().orElse(TimeValue.seconds(1)));
        }
        var options = b.build();
        out.println("# spacetime bench jmh: forks run " + options.getJvm().orElse(ChildJvm.javaBinary()) + " "
                + String.join(" ", options.getJvmArgs().orElse(List.of())) + " -cp " + System.getProperty("java.class.path")
                + "; vector twins and FmaPeakBenchmark append " + GemmBenchmark.VECTOR_FLAG
                + (quick ? "; --quick: " + QUICK_FORKS + " fork, " + QUICK_WARMUP + " warm-up × 1 s, "
                + QUICK_MEASUREMENT + " × 1 s" : ""));
        Collection<RunResult> results;
        try {
            results = new Runner(options).run();
        } catch (RunnerException e) {
            out.println("bench jmh: FAILED: " + e.getMessage()
                    + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : ""));
            return 1;
        }
        printSummary(summarize(results), out);
        return 0;
    }

    /**
     * This JVM's flags for the forks, without {@code --add-modules} (the twins decide that) and without the AOT cache
     * flags (the cache was recorded for the launcher's class list and main class), plus {@link #UNSAFE_FLAG}.
     */
    static List<String> forkJvmArgs(List<String> inputArgs) {
        List<String> args = new ArrayList<>(ChildJvm.withoutAddModules(ChildJvm.withoutAotCache(inputArgs)));
        if (args.stream().noneMatch(a -> a.startsWith(UNSAFE_FLAG.substring(0, UNSAFE_FLAG.indexOf('='))))) {
            args.add(UNSAFE_FLAG);
        }
        return args;
    }

    /** One row of the summary. {@code gflops} is NaN when the benchmark's FLOPs per call are unknown. */
    public record Row(String benchmark, String twin, int order, String shape, double nsPerCall, double nsError,
                      double gflops) {
    }

    /** The measured rows and the FMA peak (NaN when FmaPeakBenchmark was not run). */
    public record Summary(List<Row> gemm, double peakGflops, double peakNs, double peakNsError) {
    }

    static Summary summarize(Collection<RunResult> results) {
        List<Row> rows = new ArrayList<>();
        double peak = Double.NaN;
        double peakNs = Double.NaN;
        double peakErr = Double.NaN;
        for (RunResult r : results) {
            String bench = r.getParams().getBenchmark();
            Result<?> primary = r.getPrimaryResult();
            double ns = nanosPerCall(primary.getScore(), primary.getScoreUnit());
            double err = nanosPerCall(primary.getScoreError(), primary.getScoreUnit());
            if (bench.equals(FMA_BENCHMARK)) {
                peakNs = ns;
                peakErr = err;
                peak = FmaPeakBenchmark.FLOPS_PER_CALL / ns;
            } else if (bench.startsWith(GemmBenchmark.class.getName() + ".")) {
                GemmShape shape = GemmShape.valueOf(r.getParams().getParam("shape"));
                String twin = bench.substring(bench.lastIndexOf('.') + 1);
                rows.add(new Row("GemmBenchmark", twin, shape.ordinal(), shape.describe(), ns, err, shape.flops() / ns));
            } else {
                rows.add(new Row(bench, "", Integer.MAX_VALUE, "", ns, err, Double.NaN));
            }
        }
        rows.sort(Comparator.comparingInt(Row::order).thenComparing(Row::benchmark).thenComparing(Row::twin));
        return new Summary(rows, peak, peakNs, peakErr);
    }

    /**
     * Seconds per call in ns from a JMH score: average time ({@code ns/op}, {@code us/op}, ...) or throughput
     * ({@code ops/ns}, {@code ops/s}, ...), whichever mode and time unit the user chose.
     */
    static double nanosPerCall(double score, String unit) {
        String u = unit.trim();
        if (u.endsWith("/op")) {
            return score * nanosIn(u.substring(0, u.length() - 3));
        }
        if (u.startsWith("ops/")) {
            return nanosIn(u.substring(4)) / score;
        }
        return Double.NaN;
    }

    private static double nanosIn(String unit) {
        return switch (unit) {
            case "ns" -> 1;
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "min" -> 60e9;
            default -> Double.NaN;
        };
    }

    static void printSummary(Summary s, PrintStream out) {
        out.println();
        out.println("Summary (GFLOP/s = 2·m·n·k / time per call; shapes are m×n×k of one standard-medium step at batch 64)");
        if (Double.isNaN(s.peakGflops())) {
            out.println("FMA peak: not measured in this run (include FmaPeakBenchmark for the % column)");
        } else {
            out.printf(Locale.ROOT, "FMA peak (one core, FP32, %d independent vector FMA chains): %.1f GFLOP/s (%s ns per %d FLOPs)%n",
                    FmaPeakBenchmark.ACCUMULATORS, s.peakGflops(), plusMinus(s.peakNs(), s.peakNsError()),
                    FmaPeakBenchmark.FLOPS_PER_CALL);
        }
        out.printf(Locale.ROOT, "%-36s %-7s %18s %10s %8s%n", "benchmark", "twin", "ns/call", "GFLOP/s", "% peak");
        for (Row r : s.gemm()) {
            String name = r.shape().isEmpty() ? r.benchmark() : r.shape();
            String pct = Double.isNaN(r.gflops()) || Double.isNaN(s.peakGflops()) ? "–"
                    : String.format(Locale.ROOT, "%.1f%%", 100 * r.gflops() / s.peakGflops());
            String gf = Double.isNaN(r.gflops()) ? "–" : String.format(Locale.ROOT, "%.2f", r.gflops());
            out.printf(Locale.ROOT, "%-36s %-7s %18s %10s %8s%n", name, r.twin(), plusMinus(r.nsPerCall(), r.nsError()),
                    gf, pct);
        }
    }

    /** {@code 1234 ± 5}, or just {@code 1234} when JMH had too few iterations for an error. */
    private static String plusMinus(double v, double err) {
        return Double.isFinite(err) ? String.format(Locale.ROOT, "%.0f ± %.0f", v, err)
                : String.format(Locale.ROOT, "%.0f", v);
    }
}
