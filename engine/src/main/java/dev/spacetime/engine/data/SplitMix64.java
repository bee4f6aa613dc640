package dev.spacetime.engine.data;

/**
 * SplitMix64 (Steele, Lea, Flood 2014; the generator Vigna recommends for seeding): every random choice the data
 * package makes comes from here, not from {@code java.util.Random}, so that a Python port can reproduce splits and
 * initialisations bit for bit. The exact algorithms, with all arithmetic on unsigned 64-bit words modulo 2^64
 * ({@code >>>} is a logical shift; in Python mask with {@code & 0xFFFF_FFFF_FFFF_FFFF} after each step):
 *
 * <pre>
 * nextLong():   state += 0x9E3779B97F4A7C15
 *               z = state
 *               z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9
 *               z = (z ^ (z >>> 27)) * 0x94D049BB133111EB
 *               return z ^ (z >>> 31)
 * nextInt(b):   Lemire's multiply-shift with rejection (unbiased), 0 &lt; b &lt; 2^31:
 *               m = (nextLong() >>> 32) * b          // a 64-bit product, no overflow
 *               if (m &amp; 0xFFFFFFFF) &lt; b:
 *                   t = (2^32 - b) mod b
 *                   while (m &amp; 0xFFFFFFFF) &lt; t: m = (nextLong() >>> 32) * b
 *               return m >>> 32
 * nextFloat():  (nextLong() >>> 40) * 2^-24          // in [0, 1), exact in float
 * nextDouble(): (nextLong() >>> 11) * 2^-53          // in [0, 1), exact in double
 * nextGaussian(): Box–Muller, one value per call (the sine twin is dropped, so no hidden state):
 *               u1 = 1.0 - nextDouble()              // in (0, 1], log is finite
 *               u2 = nextDouble()
 *               return sqrt(-2 ln u1) * cos(2 pi u2)
 * </pre>
 *
 * <p>{@code nextGaussian} uses {@link StrictMath} (fdlibm), so Java results are the same on every platform; a port
 * whose {@code log}/{@code cos} are not fdlibm may differ in the last bit in rare cases. Seed 0 gives
 * {@code 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F, ...} (the reference implementation's values).
 */
public final class SplitMix64 {

    private long state;

    /** The generator's whole state (one long): saved with checkpoints, given back to {@link #SplitMix64(long)}'s twin. */
    public long state() {
        return state;
    }

    /** A generator that continues exactly where one with this {@link #state()} stood. */
    public static SplitMix64 fromState(long state) {
        SplitMix64 g = new SplitMix64(0);
        g.state = state;
        return g;
    }

    public SplitMix64(long seed) {
        this.state = seed;
    }

    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in {@code [0, bound)}; see the class comment for the exact algorithm. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFF_FFFFL;
        if (low < bound) {
            long threshold = (0x1_0000_0000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFF_FFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** Uniform in {@code [0, 1)} with 24 random bits. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in {@code [0, 1)} with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Standard normal by Box–Muller; consumes exactly two {@link #nextLong()} per call. */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    /**
     * A seeded permutation of {@code 0..n-1}: start from the identity and, Fisher–Yates from the top, for
     * {@code i = n-1} down to {@code 1} swap {@code p[i]} with {@code p[nextInt(i + 1)]}.
     */
    public int[] permutation(int n) {
        int[] p = new int[n];
        permutation(p);
        return p;
    }

    /** {@link #permutation(int)} of {@code p.length} written into {@code p} (reused buffers in training loops). */
    public void permutation(int[] p) {
        int n = p.length;
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
    }
}
