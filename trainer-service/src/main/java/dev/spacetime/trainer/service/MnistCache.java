package dev.spacetime.trainer.service;

import dev.spacetime.engine.data.DataOptions;
import dev.spacetime.engine.deep.Mnist;
import java.lang.ref.SoftReference;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * MNIST as the chunked-disk engine reads it (bytes: 55 MB), shared by the deep jobs of this trainer and held softly,
 * so that a series of deep jobs reads the files once and the memory goes back to the jobs when they need it.
 */
final class MnistCache {

    private final Path dataDir;
    private SoftReference<Mnist> cached = new SoftReference<>(null);

    MnistCache(Path dataDir) {
        this.dataDir = dataDir;
    }

    synchronized Mnist get(Consumer<String> log) {
        Mnist m = cached.get();
        if (m == null) {
            m = Mnist.load(dataDir, DataOptions.defaultCacheDir(), log);
            cached = new SoftReference<>(m);
        }
        return m;
    }
}
