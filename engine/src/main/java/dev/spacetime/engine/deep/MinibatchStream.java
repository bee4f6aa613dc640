package dev.spacetime.engine.deep;

import dev.spacetime.engine.data.SplitMix64;

/**
 * The seeded minibatch stream: epoch e (0-based) visits the n training rows in the order
 * {@code new SplitMix64(seed ^ STREAM ^ e·0x9E3779B97F4A7C15).permutation(n)}, and step t (0-based) takes positions
 * [t·B, (t+1)·B) of the concatenated epochs. A pure function of (seed, step): saving the seed and the step count
 * with a checkpoint saves the stream, and a resumed run draws exactly the batches an uninterrupted one would.
 */
public final class MinibatchStream {

    static final long STREAM = 0x510E527FADE682D1L;

    private final long seed;
    private final int n;
    private long cachedEpoch = -1;
    private int[] perm;

    public MinibatchStream(long seed, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("the minibatch stream needs at least one row");
        }
        this.seed = seed;
        this.n = n;
    }

    /** Rows of step {@code step} (0-based) into rows[0, batch). */
    public void rows(long step, int batch, int[] rows) {
        long k = step * batch;
        for (int i = 0; i < batch; i++, k++) {
            long epoch = k / n;
            if (epoch != cachedEpoch) {
                perm = new SplitMix64(seed ^ STREAM ^ (epoch * 0x9E3779B97F4A7C15L)).permutation(n);
                cachedEpoch = epoch;
            }
            rows[i] = perm[(int) (k % n)];
        }
    }
}
