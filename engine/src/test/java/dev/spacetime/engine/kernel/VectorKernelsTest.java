package dev.spacetime.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Vector API kernels against the scalar reference at odd sizes (every tail of the 4-row × 4-vector GEMM tiles and
 * of 128/256/512-bit vectors), in this JVM at the CPU's preferred width and, in child JVMs, at forced 256 and 128
 * bits. GEMM, the activations and the optimizer steps must be bit-identical (see {@link KernelChecks}); softmax
 * agrees to a few ulps.
 */
class VectorKernelsTest {

    private static final Kernels SCALAR = ScalarKernels.INSTANCE;
    private static Kernels vector;

    @BeforeAll
    static void vectorKernelsAreChosen() {
        assertTrue(KernelProvider.vectorModulePresent(), "this class runs in the surefire execution WITH the module");
        vector = KernelProvider.get();
        assertTrue(vector.id().startsWith("vector-"), "KernelProvider chose " + vector.id());
        assertEquals("dev.spacetime.engine.kernel.simd.VectorKernels", vector.getClass().getName());
    }

    static Stream<Arguments> gemmShapes() {
        return Stream.of(KernelChecks.gemmShapes()).map(s -> Arguments.of(s[0], s[1], s[2]));
    }

    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @MethodSource("gemmShapes")
    void gemmIsBitIdentical(int m, int n, int k) {
        long seed = 31L * m + 17L * n + k;
        for (boolean transA : new boolean[] {false, true}) {
            for (boolean accumulate : new boolean[] {false, true}) {
                KernelChecks.gemm(SCALAR, vector, transA, m, n, k, accumulate, seed++);
            }
        }
    }

    @Test
    void gemmWithEmptyReductionClearsOrKeepsC() {
        KernelChecks.gemm(SCALAR, vector, false, 5, 19, 0, false, 1);
        KernelChecks.gemm(SCALAR, vector, true, 5, 19, 0, true, 2);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void gemmBiasActMatchesForEveryActivation(Activation act) {
        long seed = act.ordinal() * 1000L;
        for (int s : KernelChecks.SIZES) {
            KernelChecks.gemmBiasAct(SCALAR, vector, act, s, s, s, seed++);
            KernelChecks.gemmBiasAct(SCALAR, vector, act, 6, s, 9, seed++);
            KernelChecks.gemmBiasAct(SCALAR, vector, act, s, 10, 2 * s + 1, seed++);     // up to k = 415: 4 k-slices
        }
        // k = 300 > the 128-long k-slices: the activation must run once, after the last slice.
        KernelChecks.gemmBiasAct(SCALAR, vector, act, 13, 65, 300, seed);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void biasActAndActivationBackwardMatchForEveryActivation(Activation act) {
        long seed = 7 + act.ordinal() * 1000L;
        for (int s : KernelChecks.SIZES) {
            KernelChecks.biasAct(SCALAR, vector, act, 3, s, seed++);
            KernelChecks.activationBackward(SCALAR, vector, act, s, seed++);
            KernelChecks.activationBackward(SCALAR, vector, act, 3 * s + 1, seed++);
        }
    }

    @Test
    void columnSumsAndTransposeAreBitIdentical() {
        long seed = 11;
        for (int s : KernelChecks.SIZES) {
            KernelChecks.columnSums(SCALAR, vector, s, s, seed++);
            KernelChecks.columnSums(SCALAR, vector, 64, s, seed++);
            KernelChecks.transpose(SCALAR, vector, s, 13, seed++);
            KernelChecks.transpose(SCALAR, vector, 9, s, seed++);
        }
    }

    /** n = 3 and 10 fit one vector at every width ≥ 128 / 512 bits; n = 17, 33, 207 exceed 16 lanes (scalar path). */
    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 8, 9, 10, 13, 16, 17, 33, 207})
    void softmaxCrossEntropyAndSoftmaxAgree(int n) {
        for (int m : new int[] {1, 2, 5, 33}) {
            KernelChecks.softmaxCrossEntropy(SCALAR, vector, m, n, 100L * n + m);
            KernelChecks.softmax(SCALAR, vector, m, n, 200L * n + m);
        }
    }

    @Test
    void flatRangeKernelsAgree() {
        long seed = 5;
        List<Integer> counts = new ArrayList<>();
        for (int s : KernelChecks.SIZES) {
            counts.add(s);
        }
        counts.addAll(List.of(1023, 1024, 1025, 4099, 100_003));
        for (int count : counts) {
            KernelChecks.flatRanges(SCALAR, vector, count, seed++);
        }
    }

    @Test
    void optimizerStepsAreBitIdentical() {
        long seed = 9;
        for (int s : KernelChecks.SIZES) {
            KernelChecks.optimizerSteps(SCALAR, vector, s, seed++);
        }
        KernelChecks.optimizerSteps(SCALAR, vector, 100_003, seed);
    }

    @Test
    void laneSquaredErrorIsBitIdenticalAndZeroesPadding() {
        long seed = 11;
        for (int rows : KernelChecks.SIZES) {
            KernelChecks.laneSquaredError(SCALAR, vector, rows, seed++);
        }
    }

    /**
     * The width is read once at class initialisation, so each forced width needs its own JVM: a child runs
     * {@link KernelChecks#runAll} and must report the forced species.
     */
    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {256, 128})
    void forcedWidthMatchesScalar(int bits) throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of("--add-modules", "jdk.incubator.vector",
                "-Dspacetime.vector.bits=" + bits), ForcedWidthMain.class, 120);
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().contains("kernels: vector-" + bits), r::toString);
        assertTrue(r.stdout().contains("OK: "), r::toString);
    }

    @Test
    void anUnsupportedForcedWidthIsRejectedWithTheChoices() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of("--add-modules", "jdk.incubator.vector",
                "-Dspacetime.vector.bits=384"), ForcedWidthMain.class, 60);
        assertTrue(r.exitCode() != 0, r::toString);
        assertTrue(r.stderr().contains("spacetime.vector.bits=384") && r.stderr().contains("128, 256 or 512"), r::toString);
    }
}
