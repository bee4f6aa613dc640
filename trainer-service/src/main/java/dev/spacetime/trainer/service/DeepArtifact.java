package dev.spacetime.trainer.service;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Publishes a finished deep model: the head file beside the weight file in the model's version folder. The weight
 * file may be many gigabytes, so it is hard-linked when the store allows (one copy on disk; the job's copy is never
 * written again once its run finished, and the link outlives the job folder's removal); otherwise copied. Each file
 * goes to a temporary name first and is renamed into place, so a crash leaves no half-written artifact.
 */
final class DeepArtifact {

    private DeepArtifact() {
    }

    static void publish(Path weights, Path head, Path target) throws IOException {
        place(head, target.resolveSibling(ChunkedDiskJobRunner.HEAD), false);
        place(weights, target, true);
    }

    private static void place(Path source, Path target, boolean link) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        boolean linked = false;
        if (link) {
            try {
                Files.createLink(tmp, source);
                linked = true;
            } catch (UnsupportedOperationException | FileSystemException e) {
                // another file system, or one without hard links: copy instead
            }
        }
        if (!linked) {
            Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);   // the completion marker that follows must not name bytes still in the page cache
            }
        }
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
