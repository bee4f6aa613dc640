package dev.spacetime.trainer.service;

import dev.spacetime.engine.data.DataOptions;
import dev.spacetime.engine.data.DataSplit;
import dev.spacetime.engine.data.Datasets;
import dev.spacetime.engine.data.Normalization;
import java.lang.ref.SoftReference;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Normalised data splits shared by the jobs that use the same (data set, split seed, train limit), as the experiment
 * runner shares them between its runs: a sweep over MNIST reads and normalises it once, not once per job. Soft
 * references and a small bound keep it from holding memory the jobs need (MNIST is ~190 MB of floats per copy).
 */
final class DataCache {

    /** A normalised split and the normalisation a model file must store. */
    record Loaded(DataSplit split, Normalization normalization) {
    }

    private static final int CAPACITY = 2;

    private final Path dataDir;
    private final Map<String, SoftReference<Loaded>> cache = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SoftReference<Loaded>> eldest) {
            return size() > CAPACITY;
        }
    };

    DataCache(Path dataDir) {
        this.dataDir = dataDir;
    }

    synchronized Loaded get(String dataset, long splitSeed, int trainLimit, Consumer<String> log) {
        String key = dataset + "/" + splitSeed + "/" + trainLimit;
        SoftReference<Loaded> ref = cache.get(key);
        Loaded hit = ref == null ? null : ref.get();
        if (hit != null) {
            return hit;
        }
        DataOptions o = DataOptions.defaults().withDataDir(dataDir).withSplitSeed(splitSeed).withTrainLimit(trainLimit);
        DataSplit raw = Datasets.load(dataset, o, log);
        Normalization norm = Datasets.defaultNormalization(dataset, raw);
        Loaded loaded = new Loaded(raw.normalized(norm), norm);
        cache.put(key, new SoftReference<>(loaded));
        return loaded;
    }
}
