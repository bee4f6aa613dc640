package dev.spacetime.bench.mnist;

import dev.spacetime.engine.data.SplitMix64;
import dev.spacetime.engine.train.Trainer;

/**
 * The batch order the engine's {@code Trainer} uses, drawn up front so that it can be handed to a peer: epoch e
 * (1-based) of a run with seed s visits the training rows in the e-th {@code permutation(n)} of
 * {@link Trainer#batchOrderStream(long)}, step j taking positions {@code [j·batch, (j+1)·batch)}.
 * {@code OrderStreamTest} trains with the real Trainer and recovers the order it used from its per-step losses.
 */
public final class OrderStream {

    private OrderStream() {
    }

    /** The permutations of epochs 1..epochs, in order: {@code result[e - 1]} is epoch e's. */
    public static int[][] permutations(long seed, int n, int epochs) {
        SplitMix64 rng = Trainer.batchOrderStream(seed);
        int[][] out = new int[epochs][];
        for (int e = 0; e < epochs; e++) {
            out[e] = rng.permutation(n);
        }
        return out;
    }
}
