package dev.spacetime.bench.mnist;

import dev.spacetime.engine.data.SplitMix64;

/**
 * The batch order the engine's {@code Trainer} uses, replicated so that it can be handed to a peer: epoch e (1-based)
 * of a run with seed s visits the training rows in the e-th permutation drawn from
 * {@code new SplitMix64(s ^ ORDER_STREAM).permutation(n)}, step j taking positions {@code [j·batch, (j+1)·batch)}.
 *
 * <p>Coupling: {@code Trainer.ORDER_STREAM} is package-private in {@code dev.spacetime.engine.train}, so its value
 * is copied here. {@code OrderStreamTest} trains with the real Trainer and recovers the order it used from its
 * per-step losses; if the engine changes its stream, that test fails (and so does the first-batch check of
 * {@code bench mnist}).
 */
public final class OrderStream {

    /** Copy of {@code dev.spacetime.engine.train.Trainer.ORDER_STREAM}. */
    public static final long TRAINER_ORDER_STREAM = 0x6A09E667F3BCC909L;

    private OrderStream() {
    }

    /** The permutations of epochs 1..epochs, in order: {@code result[e - 1]} is epoch e's. */
    public static int[][] permutations(long seed, int n, int epochs) {
        SplitMix64 rng = new SplitMix64(seed ^ TRAINER_ORDER_STREAM);
        int[][] out = new int[epochs][];
        for (int e = 0; e < epochs; e++) {
            out[e] = rng.permutation(n);
        }
        return out;
    }
}
