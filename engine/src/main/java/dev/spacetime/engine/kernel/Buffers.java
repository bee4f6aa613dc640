package dev.spacetime.engine.kernel;

/**
 * Allocation of buffers that kernels touch with vectors. Every buffer gets {@link #PAD} floats of slack at the end:
 * a masked vector load or store whose full width would run past the end of its array leaves the Vector API
 * intrinsic for a per-lane slow path (measured ~10× slower on the tiny nets), so edge tiles must never be the last
 * thing in an array.
 */
public final class Buffers {

    /** The widest vector: 512 bits of float. */
    public static final int PAD = 16;

    private Buffers() {
    }

    public static float[] floats(int n) {
        return new float[n + PAD];
    }

    /** The smallest multiple of {@link #PAD} ≥ n: a leading dimension at which every lane block is full-width. */
    public static int roundUp(int n) {
        return (n + PAD - 1) / PAD * PAD;
    }
}
