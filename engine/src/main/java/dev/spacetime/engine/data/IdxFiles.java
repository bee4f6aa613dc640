package dev.spacetime.engine.data;

import java.nio.file.Path;
import java.util.Map;

/** Where the four verified, uncompressed IDX files of a data set are (a data dir, or the cache). */
public record IdxFiles(Map<IdxFile, Path> paths) {

    public IdxFiles {
        for (IdxFile f : IdxFile.values()) {
            if (paths == null || paths.get(f) == null) {
                throw new IllegalArgumentException("no path for " + f.fileName());
            }
        }
        paths = Map.copyOf(paths);
    }

    public Path path(IdxFile f) {
        return paths.get(f);
    }

    /** The official 60k training file as a Dataset (raw pixels). */
    public Dataset readTrain(String name) {
        return IdxReader.readImagesAndLabels(path(IdxFile.TRAIN_IMAGES), path(IdxFile.TRAIN_LABELS), name);
    }

    /** The official 10k test file as a Dataset (raw pixels). */
    public Dataset readTest(String name) {
        return IdxReader.readImagesAndLabels(path(IdxFile.TEST_IMAGES), path(IdxFile.TEST_LABELS), name);
    }
}
