package dev.spacetime.bench.jmh;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * This core's FP32 peak through the Vector API: {@value #ACCUMULATORS} independent FMA chains
 * {@code acc = acc·x + y} of {@code FloatVector.SPECIES_PREFERRED}. Enough chains to cover the FMA latency times the
 * FMA ports (Zen 5: 4 cycles × 2 pipes = 8 in flight), few enough to stay in registers even with 16 of them
 * (AVX2): 12 accumulators + 2 operands. Memory is not touched in the loop.
 *
 * <p>Every call does exactly {@value #FLOPS_PER_CALL} FLOPs (an FMA is 2) whatever the vector width, so the
 * reporter needs no knowledge of the fork's species: GFLOP/s = FLOPS_PER_CALL / ns per call. The result is the
 * denominator of "GEMM at X % of peak". x = 0.999 and y = 1e-3 make every chain converge to 1 from its own start
 * (no overflow, no subnormals); the teardown compares the lanes with the same recurrence in scalar {@link Math#fma}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 2, jvmArgsAppend = GemmBenchmark.VECTOR_FLAG)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
public class FmaPeakBenchmark {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    public static final int ACCUMULATORS = 12;
    /** 3·2²² = 12,582,912: divisible by 2·12·L for L = 4, 8 and 16 lanes. */
    public static final long FLOPS_PER_CALL = 3L << 22;
    static final int ITERATIONS = (int) (FLOPS_PER_CALL / (2L * ACCUMULATORS * S.length()));

    /** Fields, not constants, so that C2 cannot fold the recurrence. */
    public float x = 0.999f;
    public float y = 1e-3f;
    /** A different start per chain: identical chains would be merged by C2's value numbering into one. */
    public float[] start = new float[ACCUMULATORS];
    private float last;

    @Setup(Level.Trial)
    public void setUp() {
        for (int i = 0; i < ACCUMULATORS; i++) {
            start[i] = 0.5f + i / 16f;
        }
        if (FLOPS_PER_CALL % (2L * ACCUMULATORS * S.length()) != 0) {
            throw new IllegalStateException("FLOPS_PER_CALL " + FLOPS_PER_CALL + " is not a multiple of 2·"
                    + ACCUMULATORS + "·" + S.length() + " lanes: the GFLOP/s figure would be wrong");
        }
        System.out.println("# FMA peak: " + S + ", " + ACCUMULATORS + " accumulators, " + ITERATIONS
                + " iterations per call");
    }

    @Benchmark
    public float fma() {
        FloatVector vx = FloatVector.broadcast(S, x);
        FloatVector vy = FloatVector.broadcast(S, y);
        float[] s0 = start;
        FloatVector a0 = FloatVector.broadcast(S, s0[0]), a1 = FloatVector.broadcast(S, s0[1]);
        FloatVector a2 = FloatVector.broadcast(S, s0[2]), a3 = FloatVector.broadcast(S, s0[3]);
        FloatVector a4 = FloatVector.broadcast(S, s0[4]), a5 = FloatVector.broadcast(S, s0[5]);
        FloatVector a6 = FloatVector.broadcast(S, s0[6]), a7 = FloatVector.broadcast(S, s0[7]);
        FloatVector a8 = FloatVector.broadcast(S, s0[8]), a9 = FloatVector.broadcast(S, s0[9]);
        FloatVector a10 = FloatVector.broadcast(S, s0[10]), a11 = FloatVector.broadcast(S, s0[11]);
        for (int i = 0; i < ITERATIONS; i++) {
            a0 = a0.fma(vx, vy);
            a1 = a1.fma(vx, vy);
            a2 = a2.fma(vx, vy);
            a3 = a3.fma(vx, vy);
            a4 = a4.fma(vx, vy);
            a5 = a5.fma(vx, vy);
            a6 = a6.fma(vx, vy);
            a7 = a7.fma(vx, vy);
            a8 = a8.fma(vx, vy);
            a9 = a9.fma(vx, vy);
            a10 = a10.fma(vx, vy);
            a11 = a11.fma(vx, vy);
        }
        FloatVector sum = a0.add(a1).add(a2).add(a3).add(a4).add(a5)
                .add(a6.add(a7).add(a8).add(a9).add(a10).add(a11));
        last = sum.reduceLanes(VectorOperators.ADD);
        return last;
    }

    @TearDown(Level.Trial)
    public void check() {
        double expected = 0;
        for (int c = 0; c < ACCUMULATORS; c++) {
            float acc = start[c];
            for (int i = 0; i < ITERATIONS; i++) {
                acc = Math.fma(acc, x, y);
            }
            expected += (double) acc * S.length();
        }
        if (!(Math.abs(last - expected) <= 1e-5 * Math.abs(expected))) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "FMA peak loop is WRONG: lanes sum to %.7g, the scalar recurrence gives %.7g", last, expected));
        }
    }
}
