package dev.spacetime.bench.jmh;

import dev.spacetime.engine.data.SplitMix64;
import dev.spacetime.engine.kernel.KernelProvider;
import dev.spacetime.engine.kernel.Kernels;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The engine's GEMM kernels at the shapes of one standard-medium training step (see {@link GemmShape}), as
 * scalar/vector TWINS (Lucene's {@code VectorUtilBenchmark} pattern): {@link #scalar} and {@link #vector} run the
 * same code, {@code KernelProvider.get()} with {@code spacetime.kernels=auto}; they differ only in the fork's flags.
 * The vector twin's fork gets {@code --add-modules=jdk.incubator.vector}, the scalar twin's does not, so the provider
 * falls back to the scalar kernels there. Each fork asserts at setup that it got the kernels its twin stands for.
 *
 * <p>Correctness: the result is checked against a double-accumulated triple loop at setup (first call) and again at
 * teardown (the last call's output); a mismatch throws and fails the run. Score: ns per call; the reporter
 * ({@link JmhSuite}) turns it into GFLOP/s = 2·m·n·k / ns.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(2)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
public class GemmBenchmark {

    /** The flag that makes the Vector API loadable; a jar manifest cannot add it, so the fork command does. */
    public static final String VECTOR_FLAG = "--add-modules=jdk.incubator.vector";

    @Param({"FWD1", "FWD2", "FWD3", "DW3", "DX3", "DW2", "DX2", "DW1"})
    public GemmShape shape;

    private Kernels kernels;
    private float[] a;
    private float[] b;
    private float[] bias;
    private float[] c;
    private String who;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        kernels = KernelProvider.get();
        who = params.getBenchmark() + " [" + kernels.id() + "]";
        checkTwin(params.getBenchmark(), kernels.id());
        SplitMix64 rng = new SplitMix64(0x5EED_0000L + shape.ordinal());
        a = uniform(rng, shape.m * shape.k);
        b = uniform(rng, shape.k * shape.n);
        bias = uniform(rng, shape.n);
        c = new float[shape.m * shape.n];
        shape.run(kernels, a, b, bias, c);
        shape.check(who + " at setup", a, b, bias, c);
    }

    @TearDown(Level.Trial)
    public void checkLastResult() {
        shape.check(who + " after the measurement", a, b, bias, c);
    }

    @Benchmark
    public float[] scalar() {
        shape.run(kernels, a, b, bias, c);
        return c;
    }

    @Benchmark
    @Fork(jvmArgsAppend = VECTOR_FLAG)
    public float[] vector() {
        shape.run(kernels, a, b, bias, c);
        return c;
    }

    /** The twins are only meaningful if each fork really got the kernels it is named after. */
    static void checkTwin(String benchmark, String kernelsId) {
        boolean wantVector = benchmark.endsWith(".vector");
        boolean gotVector = kernelsId.startsWith("vector");
        if (wantVector != gotVector) {
            throw new IllegalStateException(benchmark + " runs on the " + kernelsId + " kernels: the "
                    + (wantVector ? "vector twin's fork lacks " + VECTOR_FLAG + " (was -jvmArgsAppend overridden?)"
                    : "scalar twin's fork has the Vector API module (is it in JDK_JAVA_OPTIONS or -jvmArgs?)")
                    + ", so the twins would not differ as they claim");
        }
    }

    static float[] uniform(SplitMix64 rng, int count) {
        float[] f = new float[count];
        for (int i = 0; i < count; i++) {
            f[i] = rng.nextFloat() * 2f - 1f;
        }
        return f;
    }
}
