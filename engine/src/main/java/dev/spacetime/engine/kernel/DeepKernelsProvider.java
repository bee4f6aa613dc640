package dev.spacetime.engine.kernel;

import java.lang.System.Logger.Level;

/**
 * Chooses the deep-stack kernels once per JVM, like {@link KernelProvider}: the Vector API twin when the JVM has
 * {@code jdk.incubator.vector} and the CPU has 16-float registers (the batch block of the contract), else the scalar
 * reference with one warning that names the fix. {@code spacetime.kernels=scalar|vector|auto} forces the choice.
 */
public final class DeepKernelsProvider {

    private static final String VECTOR_CLASS = "dev.spacetime.engine.kernel.simd.DeepKernelsVector";
    private static volatile DeepKernels chosen;

    private DeepKernelsProvider() {
    }

    public static DeepKernels get() {
        DeepKernels k = chosen;
        if (k == null) {
            synchronized (DeepKernelsProvider.class) {
                k = chosen;
                if (k == null) {
                    k = choose(System.getProperty("spacetime.kernels", "auto"));
                    chosen = k;
                    System.getLogger("spacetime.kernels").log(Level.DEBUG, "deep kernels: " + k.id());
                }
            }
        }
        return k;
    }

    static DeepKernels choose(String mode) {
        return switch (mode) {
            case "scalar" -> DeepKernelsScalar.INSTANCE;
            case "vector" -> {
                if (!KernelProvider.vectorModulePresent()) {
                    throw new IllegalStateException("spacetime.kernels=vector but the JVM was started without "
                            + "--add-modules jdk.incubator.vector: add that flag (./spacetime does) or use spacetime.kernels=auto");
                }
                DeepKernels v = loadVector();
                if (v == null) {
                    throw new IllegalStateException("spacetime.kernels=vector but this CPU has no 512-bit vectors, "
                            + "which the deep-stack vector kernels need: use spacetime.kernels=auto");
                }
                yield v;
            }
            case "auto" -> {
                DeepKernels v = KernelProvider.vectorModulePresent() ? loadVector() : null;
                if (v != null) {
                    yield v;
                }
                System.err.println("WARNING: spacetime's deep stack is using its scalar kernels (several times slower): "
                        + (KernelProvider.vectorModulePresent() ? "this CPU has no 512-bit vectors (AVX-512)"
                        : "start the JVM with --add-modules jdk.incubator.vector to enable the SIMD kernels") + ".");
                yield DeepKernelsScalar.INSTANCE;
            }
            default -> throw new IllegalArgumentException(
                    "spacetime.kernels=" + mode + " is not a kernel choice: use auto, scalar or vector");
        };
    }

    /** The vector kernels, or null when this CPU lacks 512-bit vectors. */
    private static DeepKernels loadVector() {
        try {
            Class<?> c = Class.forName(VECTOR_CLASS);
            if (!(Boolean) c.getMethod("supported").invoke(null)) {
                return null;
            }
            return (DeepKernels) c.getField("INSTANCE").get(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("cannot load the deep-stack Vector API kernels (" + e + ")", e);
        }
    }
}
