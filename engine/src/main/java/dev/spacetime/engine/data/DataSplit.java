package dev.spacetime.engine.data;

/**
 * The splits a run trains, selects and reports on. {@code validation} is null when the data set is too small to hold
 * out a third part (Iris, XOR): such runs report the test split only. {@code description} states how the split was
 * made (seed, sizes) so that it can be printed and stored with results.
 */
public record DataSplit(Dataset train, Dataset validation, Dataset test, String description) {

    public DataSplit {
        if (train == null || test == null) {
            throw new IllegalArgumentException("a split needs train and test sets, got train=" + train + ", test=" + test);
        }
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException("a split needs a description");
        }
        checkCompatible(train, test);
        if (validation != null) {
            checkCompatible(train, validation);
        }
    }

    public boolean hasValidation() {
        return validation != null;
    }

    /** Applies {@code norm} to every part (the statistics in {@code norm} should come from {@code train}). */
    public DataSplit normalized(Normalization norm) {
        return new DataSplit(norm.apply(train), validation == null ? null : norm.apply(validation), norm.apply(test),
                description + "; inputs " + norm.describe());
    }

    private static void checkCompatible(Dataset a, Dataset b) {
        if (a.features() != b.features() || a.classes() != b.classes() || a.height() != b.height()
                || a.width() != b.width()) {
            throw new IllegalArgumentException("split parts disagree: " + a + " vs " + b);
        }
    }
}
