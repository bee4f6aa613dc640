package dev.spacetime.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks {@code --out} before training, so that a typo in the path does not cost a whole run: the file must not be a
 * directory, and its folder must exist or be creatable (its nearest existing ancestor is a writable directory).
 */
final class OutputPath {

    private OutputPath() {
    }

    static Path check(Path out) {
        Path file = out.toAbsolutePath().normalize();
        if (Files.isDirectory(file)) {
            throw new UserError("--out " + out + " is a directory: give a file name, e.g. --out "
                    + out.resolve("model.stm"));
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new UserError("--out " + out + " exists and is not writable: choose another file or fix its permissions");
        }
        Path ancestor = file.getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor == null || !Files.isDirectory(ancestor)) {
            throw new UserError("--out " + out + " cannot be created: " + ancestor + " is not a directory");
        }
        if (!Files.isWritable(ancestor)) {
            throw new UserError("--out " + out + " cannot be written: directory " + ancestor
                    + " is not writable; choose a folder you can write to");
        }
        return file;
    }
}
