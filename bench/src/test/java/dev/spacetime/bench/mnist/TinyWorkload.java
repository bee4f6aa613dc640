package dev.spacetime.bench.mnist;

import dev.spacetime.engine.data.DataSplit;
import dev.spacetime.engine.data.Dataset;
import dev.spacetime.engine.data.Normalization;
import dev.spacetime.engine.data.SplitMix64;

/** A small MNIST-shaped split made up on the spot (28×28 "pixels" 0..255, mostly zero, normalised x/255). */
final class TinyWorkload {

    private TinyWorkload() {
    }

    static DataSplit split(int trainRows, int testRows, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        Dataset train = images("tiny/train", trainRows, rng);
        Dataset test = images("tiny/test", testRows, rng);
        Normalization norm = Normalization.pixelScale(784, 255f);
        return new DataSplit(norm.apply(train), null, norm.apply(test), "tiny synthetic MNIST-shaped split");
    }

    private static Dataset images(String name, int n, SplitMix64 rng) {
        float[] x = new float[n * 784];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 784; j++) {
                x[i * 784 + j] = rng.nextInt(5) < 4 ? 0f : rng.nextInt(256);
            }
            y[i] = rng.nextInt(10);
        }
        return new Dataset(name, x, y, n, 784, 10, 28, 28);
    }
}
