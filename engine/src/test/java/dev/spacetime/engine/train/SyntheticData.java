package dev.spacetime.engine.train;

import dev.spacetime.engine.data.DataSplit;
import dev.spacetime.engine.data.Dataset;
import dev.spacetime.engine.data.SplitMix64;

/**
 * Seeded Gaussian blobs: class c has mean μ_c (drawn once from the seed, at distance separation/2 from the origin) and unit
 * variance in every feature. Train, validation and test rows are drawn from the same means with separate streams.
 */
public final class SyntheticData {

    private SyntheticData() {
    }

    public static DataSplit blobs(long seed, int features, int classes, double separation, int train, int validation, int test) {
        SplitMix64 rng = new SplitMix64(seed);
        double[][] means = new double[classes][features];
        for (int c = 0; c < classes; c++) {
            double norm = 0;
            for (int f = 0; f < features; f++) {
                means[c][f] = rng.nextGaussian();
                norm += means[c][f] * means[c][f];
            }
            for (int f = 0; f < features; f++) {
                means[c][f] *= separation / 2 / Math.sqrt(norm);
            }
        }
        return new DataSplit(rows("blobs", means, train, seed + 1), validation == 0 ? null : rows("blobs", means, validation, seed + 2),
                rows("blobs", means, test, seed + 3), "synthetic blobs seed " + seed);
    }

    /**
     * Two classes at ±(separation/2)·u for a fixed unit vector u: the Bayes error is Φ(−separation/2), so with
     * separation 4 a linear classifier reaches ≈ 97.7 %.
     */
    public static DataSplit twoBlobs(long seed, int features, double separation, int train, int validation, int test) {
        double[][] means = new double[2][features];
        for (int f = 0; f < features; f++) {
            means[0][f] = separation / 2 / Math.sqrt(features);
            means[1][f] = -means[0][f];
        }
        return new DataSplit(rows("blobs", means, train, seed + 1), rows("blobs", means, validation, seed + 2),
                rows("blobs", means, test, seed + 3), "two blobs seed " + seed);
    }

    private static Dataset rows(String name, double[][] means, int n, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        int features = means[0].length;
        float[] x = new float[n * features];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(means.length);
            for (int f = 0; f < features; f++) {
                x[i * features + f] = (float) (means[y[i]][f] + rng.nextGaussian());
            }
        }
        return new Dataset(name, x, y, n, features, means.length, 0, 0);
    }
}
