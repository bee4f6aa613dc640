package dev.spacetime.trainer.service;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Exclusive right to run one job: an OS file lock on {@code jobs/<jobId>/lease}. A trainer that dies (even by
 * SIGKILL) loses its locks with its process, so a redelivered job can take over at once; a trainer that is still
 * finishing a job whose partition moved away keeps it until it is done, and the new owner waits instead of running
 * the job twice. Needs a file system with working POSIX locks (local disks; NFSv4 on a shared volume).
 */
public final class JobLease implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private JobLease(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lease, or null when another process (or thread of this one) holds it. */
    static JobLease tryAcquire(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock l = ch.tryLock();
            if (l == null) {
                ch.close();
                return null;
            }
            return new JobLease(ch, l);
        } catch (OverlappingFileLockException e) {
            ch.close();
            return null;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
