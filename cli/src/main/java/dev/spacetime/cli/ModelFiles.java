package dev.spacetime.cli;

import dev.spacetime.engine.io.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads {@code --model-file}, turning the I/O errors the engine passes through into messages about that option. */
final class ModelFiles {

    private ModelFiles() {
    }

    static ModelFile load(Path path) {
        if (Files.isDirectory(path)) {
            throw new UserError("--model-file " + path + " is a directory: give the file written by `spacetime train --out`");
        }
        try {
            return ModelFile.load(path);
        } catch (IOException e) {
            throw new UserError("cannot read --model-file " + path + ": " + e, e);
        }
    }

    /** Classes the model tells apart: a one-output MSE head (XOR) scores two classes. */
    static int classes(ModelFile file) {
        int outputs = file.model().outputSize();
        return outputs == 1 ? 2 : outputs;
    }
}
