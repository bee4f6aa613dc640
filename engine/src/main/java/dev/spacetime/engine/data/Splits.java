package dev.spacetime.engine.data;

import java.util.Arrays;

/**
 * Deterministic splits: the same data and seed give the same rows, here and in a Python port (see {@link SplitMix64}
 * for the exact generator and Fisher–Yates). The parts keep the permuted order, so the first N rows of a part are a
 * random sample of it (what {@code trainLimit} relies on).
 */
public final class Splits {

    /** The 10k images MNIST/Fashion-MNIST hold out of the 60k training file for validation. */
    public static final int MNIST_VALIDATION = 10_000;

    private Splits() {
    }

    /** The two parts of a cut: {@code first} is the train part, {@code rest} the held-out one. */
    public record Parts(Dataset first, Dataset rest) {
        public Parts {
            if (first == null || rest == null) {
                throw new IllegalArgumentException("both parts are required");
            }
        }
    }

    /**
     * The official 60k training file into 50k train / 10k validation: {@code p = new SplitMix64(seed).permutation(60000)},
     * train = rows {@code p[0..50000)}, validation = rows {@code p[50000..60000)}.
     */
    public static Parts mnistTrainValidation(Dataset train60k, long seed) {
        return trainValidation(train60k, MNIST_VALIDATION, seed);
    }

    /** Holds out the last {@code validationSize} rows of a seeded permutation; returns (train, validation). */
    public static Parts trainValidation(Dataset data, int validationSize, long seed) {
        if (validationSize <= 0 || validationSize >= data.n()) {
            throw new IllegalArgumentException("validation size " + validationSize + " must be in (0, " + data.n()
                    + ") for " + data.name());
        }
        return cut(data, data.n() - validationSize, seed);
    }

    /**
     * A plain (not stratified) seeded split: the first {@code round(n * trainFraction)} rows of
     * {@code new SplitMix64(seed).permutation(n)} train, the rest test. Iris at 0.8 gives 120/30.
     */
    public static Parts trainTest(Dataset data, double trainFraction, long seed) {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("trainFraction must be in (0, 1), got " + trainFraction);
        }
        int nTrain = (int) Math.round(data.n() * trainFraction);
        if (nTrain == 0 || nTrain == data.n()) {
            throw new IllegalArgumentException("trainFraction " + trainFraction + " of " + data.n() + " rows in "
                    + data.name() + " leaves an empty part");
        }
        return cut(data, nTrain, seed);
    }

    private static Parts cut(Dataset data, int nFirst, long seed) {
        int[] p = new SplitMix64(seed).permutation(data.n());
        int[] first = Arrays.copyOfRange(p, 0, nFirst);
        int[] second = Arrays.copyOfRange(p, nFirst, p.length);
        return new Parts(data.select(first), data.select(second));
    }
}
