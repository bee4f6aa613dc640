package dev.spacetime.engine.kernel;

import java.lang.System.Logger.Level;

/**
 * Chooses the kernels once per JVM. The Vector API lives in the incubator module {@code jdk.incubator.vector}, which
 * a JVM only resolves when started with {@code --add-modules jdk.incubator.vector}; without it the SIMD class cannot
 * even be loaded, so it is looked up reflectively and the engine falls back to {@link ScalarKernels} with one warning
 * that names the fix.
 *
 * <p>System property {@code spacetime.kernels}: {@code auto} (default), {@code scalar} or {@code vector};
 * {@code spacetime.vector.bits}: {@code 128|256|512} forces the vector width (default: the CPU's preferred one).
 */
public final class KernelProvider {

    private static final String VECTOR_CLASS = "dev.spacetime.engine.kernel.simd.VectorKernels";
    private static volatile Kernels chosen;

    private KernelProvider() {
    }

    /** The kernels for this JVM, chosen on first use. */
    public static Kernels get() {
        Kernels k = chosen;
        if (k == null) {
            synchronized (KernelProvider.class) {
                k = chosen;
                if (k == null) {
                    k = choose(System.getProperty("spacetime.kernels", "auto"));
                    chosen = k;
                    System.getLogger("spacetime.kernels").log(Level.DEBUG, "kernels: " + k.id());
                }
            }
        }
        return k;
    }

    /** True when this JVM can load the Vector API (the module flag is present). */
    public static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    static Kernels choose(String mode) {
        return switch (mode) {
            case "scalar" -> ScalarKernels.INSTANCE;
            case "vector" -> {
                if (!vectorModulePresent()) {
                    throw new IllegalStateException("spacetime.kernels=vector but the JVM was started without "
                            + "--add-modules jdk.incubator.vector: add that flag (./spacetime does) or use spacetime.kernels=auto");
                }
                yield loadVector();
            }
            case "auto" -> {
                if (vectorModulePresent()) {
                    yield loadVector();
                }
                System.err.println("WARNING: spacetime is using its scalar kernels (several times slower): start the JVM "
                        + "with --add-modules jdk.incubator.vector to enable the SIMD kernels.");
                yield ScalarKernels.INSTANCE;
            }
            default -> throw new IllegalArgumentException(
                    "spacetime.kernels=" + mode + " is not a kernel choice: use auto, scalar or vector");
        };
    }

    private static Kernels loadVector() {
        try {
            return (Kernels) Class.forName(VECTOR_CLASS).getField("INSTANCE").get(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("cannot load the Vector API kernels (" + e + ")", e);
        }
    }
}
