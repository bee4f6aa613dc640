package dev.spacetime.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks {@code --out} before training, so that a typo in the path does not cost a whole run: the file must not be a
 * directory, and its folder must exist or be creatable (a file can be created in its nearest existing ancestor).
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
        if (!canCreateFileIn(ancestor)) {
            throw new UserError("--out " + out + " cannot be written: directory " + ancestor
                    + " is not writable; choose a folder you can write to");
        }
        return file;
    }

    /** Tries it: permission bits say nothing for root, read-only mounts or pseudo file systems such as /proc. */
    private static boolean canCreateFileIn(Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, ".spacetime-probe", ".tmp"));
            return true;
        } catch (java.io.IOException | SecurityException e) {
            return false;
        }
    }
}
