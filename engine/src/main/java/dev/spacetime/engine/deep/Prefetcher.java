package dev.spacetime.engine.deep;

import java.lang.foreign.Arena;
import java.nio.channels.FileChannel;
import java.nio.channels.FileChannel.MapMode;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reads the next window of a weight file into the page cache while the current one is being used. A fault on a
 * memory-mapped file reads only a small read-around (128 KiB) and waits for it, and the backward pass walks the file
 * backwards, where the kernel's readahead does not help; measured on this machine's disk, one step at 100M × 8
 * streamed at ~100 MB/s of a 900 MB/s disk that way. Mapping the next window in the direction of travel and calling
 * {@code load()} (madvise WILLNEED, then a touch of every page) on a helper thread issues large reads ahead of need.
 * The mapping is dropped at once: the pages stay in the page cache, not in this process's resident set.
 */
final class Prefetcher implements AutoCloseable {

    private final FileChannel channel;
    private final Path path;
    private final long window;
    private final ExecutorService thread;
    private long lastWindow = -1;
    private long requested = -1;

    Prefetcher(FileChannel channel, Path path, long window) {
        this.channel = channel;
        this.path = path;
        this.window = window;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "spacetime-deep-prefetch");
            t.setDaemon(true);
            return t;
        });
    }

    /** A read just touched byte {@code off}: when it entered a new window, fetch the following one. */
    void readingAt(long off, long fileBytes) {
        long w = off / window;
        if (w == lastWindow) {
            return;
        }
        long next = lastWindow < 0 || w > lastWindow ? w + 1 : w - 1;
        lastWindow = w;
        if (next < 0 || next * window >= fileBytes || next == requested) {
            return;
        }
        requested = next;
        long start = next * window;
        long len = Math.min(window, fileBytes - start);
        thread.execute(() -> {
            try (Arena a = Arena.ofConfined()) {
                var seg = channel.map(MapMode.READ_ONLY, start, len, a);
                if (!seg.isLoaded()) {   // mincore: a page-cached file needs no help (and no extra page faults)
                    seg.load();
                }
            } catch (Exception | OutOfMemoryError e) {
                // only a hint: the reader maps the window itself and reports real failures
                System.getLogger("spacetime.deep").log(System.Logger.Level.DEBUG, "prefetch of " + path + " failed: " + e);
            }
        });
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
