package dev.spacetime.engine.data;

import java.nio.file.Path;

/**
 * How {@link Datasets#load} finds and splits data.
 *
 * @param dataDir a folder with the IDX files (plain or .gz) to use before the cache, or null
 * @param cacheDir the cache root; data sets go to {@code <cacheDir>/datasets/<name>}
 * @param splitSeed seed of the train/validation (and Iris train/test) permutation
 * @param trainLimit 0 for the whole train split, else its first N rows, taken after the split (smoke runs)
 */
public record DataOptions(Path dataDir, Path cacheDir, long splitSeed, int trainLimit) {

    public static final String CACHE_ENV = "SPACETIME_CACHE";

    public DataOptions {
        if (cacheDir == null) {
            throw new IllegalArgumentException("cacheDir is required (default: $" + CACHE_ENV + " or ~/.cache/spacetime)");
        }
        if (trainLimit < 0) {
            throw new IllegalArgumentException("trainLimit must be >= 0 (0 = all), got " + trainLimit);
        }
    }

    /** No data dir, the default cache, seed 0, the whole train split. */
    public static DataOptions defaults() {
        return new DataOptions(null, defaultCacheDir(), 0, 0);
    }

    /** {@code $SPACETIME_CACHE}, else {@code ~/.cache/spacetime}. */
    public static Path defaultCacheDir() {
        String env = System.getenv(CACHE_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "spacetime");
    }

    public DataOptions withDataDir(Path dir) {
        return new DataOptions(dir, cacheDir, splitSeed, trainLimit);
    }

    public DataOptions withSplitSeed(long seed) {
        return new DataOptions(dataDir, cacheDir, seed, trainLimit);
    }

    public DataOptions withTrainLimit(int limit) {
        return new DataOptions(dataDir, cacheDir, splitSeed, limit);
    }
}
