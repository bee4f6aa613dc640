package dev.spacetime.engine.deep;

import java.nio.file.Files;
import java.nio.file.Path;

/** Read-only facts about a deep model's files, for the CLI. */
public final class DeepFileInfo {

    private DeepFileInfo() {
    }

    /** The header of the weight-file slot that holds the head file's step (the file itself after a finished run). */
    public static WeightFileHeader header(Path weights) {
        return SlotFile.readHeader(weights);
    }

    public static boolean exists(Path weights) {
        return Files.exists(weights);
    }
}
