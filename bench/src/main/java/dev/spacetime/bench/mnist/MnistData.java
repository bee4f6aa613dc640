package dev.spacetime.bench.mnist;

import dev.spacetime.engine.data.DataOptions;
import dev.spacetime.engine.data.DataSplit;
import dev.spacetime.engine.data.Datasets;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The benchmark's data: the engine's MNIST split (train 50k / validation 10k, seeded; test the official 10k),
 * normalised x/255. The validation part is dropped, so the Trainer does no per-epoch evaluation (it would not be in
 * the timed loop anyway) and the peer needs only train and test.
 */
public final class MnistData {

    private MnistData() {
    }

    /**
     * @param dataDir  a folder with the MNIST IDX files, or null
     * @param cacheDir the cache root, or null for the default ({@code $SPACETIME_CACHE} or ~/.cache/spacetime)
     */
    public static DataSplit load(Path dataDir, Path cacheDir, Consumer<String> log) {
        DataOptions opts = DataOptions.defaults();
        if (cacheDir != null) {
            opts = new DataOptions(opts.dataDir(), cacheDir, opts.splitSeed(), opts.trainLimit());
        }
        if (dataDir != null) {
            opts = opts.withDataDir(dataDir);
        }
        DataSplit raw = Datasets.load("mnist", opts, log);
        DataSplit norm = raw.normalized(Datasets.defaultNormalization("mnist", raw));
        return new DataSplit(norm.train(), null, norm.test(), norm.description() + "; validation part unused");
    }
}
