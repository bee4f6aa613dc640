package dev.spacetime.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.engine.data.SplitMix64;
import dev.spacetime.engine.kernel.KernelProvider;
import dev.spacetime.engine.kernel.Kernels;
import dev.spacetime.engine.kernel.ScalarKernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The benchmarks' self-check: it accepts both kernel families at every shape and rejects a wrong result. */
class GemmShapeTest {

    @ParameterizedTest
    @EnumSource(GemmShape.class)
    void referenceAcceptsScalarAndVectorKernels(GemmShape shape) {
        for (Kernels k : new Kernels[] {ScalarKernels.INSTANCE, KernelProvider.get()}) {
            float[][] ops = operands(shape);
            float[] c = new float[shape.m * shape.n];
            shape.run(k, ops[0], ops[1], ops[2], c);
            assertDoesNotThrow(() -> shape.check(k.id(), ops[0], ops[1], ops[2], c));
        }
    }

    @ParameterizedTest
    @EnumSource(GemmShape.class)
    void referenceRejectsOneWrongElement(GemmShape shape) {
        float[][] ops = operands(shape);
        float[] c = new float[shape.m * shape.n];
        shape.run(ScalarKernels.INSTANCE, ops[0], ops[1], ops[2], c);
        int i = shape.m - 1;
        int j = shape.n - 1;
        c[i * shape.n + j] += 0.05f;                        // less than one average term |a·b| = 0.25
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> shape.check("corrupted", ops[0], ops[1], ops[2], c));
        assertTrue(e.getMessage().contains("WRONG at C[" + i + "," + j + "]"), e.getMessage());
    }

    @Test
    void shapesAreThoseOfAStandardMediumStepAtBatch64() {
        long forward = GemmShape.FWD1.flops() + GemmShape.FWD2.flops() + GemmShape.FWD3.flops();
        assertEquals(2L * 64 * (784 * 128 + 128 * 64 + 64 * 10), forward);
        long weightGrads = GemmShape.DW1.flops() + GemmShape.DW2.flops() + GemmShape.DW3.flops();
        assertEquals(forward, weightGrads);
        assertEquals(2L * 64 * (128 * 64 + 64 * 10), GemmShape.DX2.flops() + GemmShape.DX3.flops());
    }

    @Test
    void twinCheckCatchesAForkWithTheWrongKernels() {
        assertDoesNotThrow(() -> GemmBenchmark.checkTwin("x.GemmBenchmark.vector", "vector-512"));
        assertDoesNotThrow(() -> GemmBenchmark.checkTwin("x.GemmBenchmark.scalar", "scalar"));
        assertThrows(IllegalStateException.class, () -> GemmBenchmark.checkTwin("x.GemmBenchmark.vector", "scalar"));
        assertThrows(IllegalStateException.class, () -> GemmBenchmark.checkTwin("x.GemmBenchmark.scalar", "vector-256"));
    }

    private static float[][] operands(GemmShape s) {
        SplitMix64 rng = new SplitMix64(s.ordinal());
        return new float[][] {GemmBenchmark.uniform(rng, s.m * s.k), GemmBenchmark.uniform(rng, s.k * s.n),
                GemmBenchmark.uniform(rng, s.n)};
    }
}
