package dev.spacetime.engine.kernel;

/**
 * Child-JVM entry point of {@link VectorKernelsTest#forcedWidthMatchesScalar}: started with
 * {@code -Dspacetime.vector.bits=N}, it prints the chosen kernels' id and runs {@link KernelChecks#runAll} against
 * the scalar reference. Exit 0 when everything agrees, 1 on a mismatch (the assertion is printed), 2 when the
 * kernels are not the forced width.
 */
public final class ForcedWidthMain {

    private static final int ROUNDS = 5;

    private ForcedWidthMain() {
    }

    public static void main(String[] args) {
        Kernels k = KernelProvider.get();
        System.out.println("kernels: " + k.id());
        String expected = "vector-" + System.getProperty("spacetime.vector.bits");
        if (!k.id().equals(expected)) {
            System.out.println("expected " + expected);
            System.exit(2);
        }
        try {
            // Several rounds: the later ones run with the Vector API calls compiled by C2 (intrinsified),
            // the first mostly interpreted; both must agree with the scalar kernels.
            int checks = 0;
            long t0 = System.nanoTime();
            for (int round = 0; round < ROUNDS; round++) {
                checks += KernelChecks.runAll(ScalarKernels.INSTANCE, k);
            }
            System.out.printf("OK: %d comparisons with the scalar kernels in %.1f s%n", checks, (System.nanoTime() - t0) / 1e9);
        } catch (AssertionError e) {
            e.printStackTrace(System.out);
            System.exit(1);
        }
    }
}
