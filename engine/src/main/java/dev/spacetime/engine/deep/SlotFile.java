package dev.spacetime.engine.deep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileChannel.MapMode;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * One weight file, read and written through memory mappings of a fixed-size window ({@value #DEFAULT_WINDOW_MIB}
 * MiB, or {@code -Dspacetime.deep.window=BYTES}): {@code FileChannel.map(..., arena)} per window, long offsets
 * throughout, the window's arena closed when the next window is needed, so that a file of any size (larger than
 * 2 GiB, larger than RAM) costs at most one window of resident memory. Layer ranges may straddle windows.
 *
 * <p>Not thread-safe: one thread at a time (the trainer's I/O thread). The arenas are shared ones so that the
 * thread may change between uses (loading, then training, then a checkpoint).
 */
final class SlotFile implements AutoCloseable {

    static final int DEFAULT_WINDOW_MIB = 16;
    private static final ValueLayout.OfFloat LE_FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final FileChannel channel;
    private final boolean writable;
    private final long window;
    private WeightFileHeader header;
    private Arena arena;
    private MemorySegment segment;
    private long segmentStart = -1;
    private final Prefetcher prefetcher;

    // sequential verification of the chunk checksums while reading forward (first pass of a session)
    private boolean verifying;
    private long verifyNext;
    private final CRC32C running = new CRC32C();
    // checksums of chunks rewritten whole since markDirty(), taken right after the write (while in the page cache)
    private boolean crcOnWrite;
    private int[] freshCrcs;
    private boolean[] fresh;

    private long bytesRead;
    private long bytesWritten;

    private SlotFile(Path path, FileChannel channel, boolean writable, WeightFileHeader header) {
        this.path = path;
        this.channel = channel;
        this.writable = writable;
        this.header = header;
        this.window = windowBytes();
        this.prefetcher = new Prefetcher(channel, path, window);
    }

    static long windowBytes() {
        long w = Long.getLong("spacetime.deep.window", DEFAULT_WINDOW_MIB << 20);
        if (w < 4096 || w % 4096 != 0) {
            throw new IllegalArgumentException("spacetime.deep.window=" + w + " must be a positive multiple of 4096 bytes");
        }
        return w;
    }

    static WeightFileHeader readHeader(Path path) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return readHeader(path, ch);
        } catch (NoSuchFileException e) {
            throw new DeepException("weight file " + path + " does not exist: create it with 'spacetime deep init' "
                    + "(or give --layers and --width to 'deep train')", e);
        } catch (IOException e) {
            throw new DeepException("cannot read weight file " + path + ": " + e.getMessage(), e);
        }
    }

    private static WeightFileHeader readHeader(Path path, FileChannel ch) throws IOException {
        long size = ch.size();
        ByteBuffer fixed = ByteBuffer.allocate((int) Math.min(size, WeightFileHeader.FIXED_BYTES));
        ch.read(fixed, 0);
        fixed.flip();
        if (fixed.remaining() < WeightFileHeader.FIXED_BYTES) {
            return WeightFileHeader.decode(path.toString(), fixed, size);
        }
        int chunks = fixed.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(60);
        long dataOffset = chunks < 0 || chunks > Integer.MAX_VALUE / 8 ? WeightFileHeader.FIXED_BYTES
                : WeightFileHeader.dataOffset(chunks);
        ByteBuffer all = ByteBuffer.allocate((int) Math.min(size, dataOffset));
        ch.read(all, 0);
        all.flip();
        return WeightFileHeader.decode(path.toString(), all, size);
    }

    static SlotFile open(Path path, boolean writable) {
        try {
            FileChannel ch = writable
                    ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : FileChannel.open(path, StandardOpenOption.READ);
            try {
                return new SlotFile(path, ch, writable, readHeader(path, ch));
            } catch (RuntimeException | IOException e) {
                ch.close();
                throw e;
            }
        } catch (NoSuchFileException e) {
            throw new DeepException("weight file " + path + " does not exist: create it with 'spacetime deep init'", e);
        } catch (IOException e) {
            throw new DeepException("cannot open weight file " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates (or replaces) the file with {@code header} marked DIRTY and a sparse data region: nothing in it is
     * trusted until {@link #commit}.
     */
    static SlotFile create(Path path, WeightFileHeader header) {
        try {
            FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
            WeightFileHeader dirty = header.with(header.step(), false, header.chunkCrcs());
            ch.write(dirty.encode(), 0);
            if (header.fileBytes() > dirty.dataOffset()) {
                ch.write(ByteBuffer.wrap(new byte[1]), header.fileBytes() - 1);   // sparse: blocks come with the data
            }
            ch.force(true);
            return new SlotFile(path, ch, true, dirty);
        } catch (IOException e) {
            throw new DeepException("cannot create weight file " + path + ": " + e.getMessage()
                    + " (check the folder exists, is writable and the disk has room)", e);
        }
    }

    Path path() {
        return path;
    }

    WeightFileHeader header() {
        return header;
    }

    long bytesRead() {
        return bytesRead;
    }

    long bytesWritten() {
        return bytesWritten;
    }

    // ---------------------------------------------------------------------------------------------- data

    /** dst[dstOff ..] = the floats of layers [first, first + count). */
    void readLayers(long first, int count, float[] dst, int dstOff) {
        long off = header.layerOffset(first);
        long bytes = count * header.spec().layerBytes();
        if (verifying && first == verifyNext) {
            feedVerifier(first, count, off, bytes);
        } else {
            verifying = false;
        }
        copy(off, bytes, dst, dstOff, false);
        bytesRead += bytes;
        prefetcher.readingAt(off, header.fileBytes());
    }

    /** The floats of layers [first, first + count) = src[srcOff ..]. */
    void writeLayers(long first, int count, float[] src, int srcOff) {
        if (!writable) {
            throw new IllegalStateException(path + " is open read-only");
        }
        long off = header.layerOffset(first);
        long bytes = count * header.spec().layerBytes();
        copy(off, bytes, src, srcOff, true);
        bytesWritten += bytes;
        if (fresh != null) {
            int cl = header.chunkLayers();
            for (int c = (int) (first / cl); (long) c * cl < first + count; c++) {
                boolean whole = (long) c * cl == first && header.chunkLength(c) == count;
                fresh[c] = crcOnWrite && whole;
                if (fresh[c]) {
                    freshCrcs[c] = crcOf(off, bytes);
                }
            }
        }
    }

    /** While on, a write that covers a checksummed chunk exactly also computes its checksum (checkpoint steps). */
    void crcOnWrite(boolean on) {
        crcOnWrite = on;
    }

    private void copy(long off, long bytes, float[] array, int arrayOff, boolean toFile) {
        int at = arrayOff;
        while (bytes > 0) {
            MemorySegment seg = windowAt(off);
            long inWindow = off - segmentStart;
            long n = Math.min(bytes, seg.byteSize() - inWindow);
            int floats = (int) (n / 4);
            if (toFile) {
                MemorySegment.copy(array, at, seg, LE_FLOAT, inWindow, floats);
            } else {
                MemorySegment.copy(seg, LE_FLOAT, inWindow, array, at, floats);
            }
            at += floats;
            off += n;
            bytes -= n;
        }
    }

    private MemorySegment windowAt(long off) {
        if (segment != null && off >= segmentStart && off < segmentStart + segment.byteSize()) {
            return segment;
        }
        unmap();
        long start = off / window * window;
        long len = Math.min(window, header.fileBytes() - start);
        Arena a = Arena.ofShared();
        try {
            segment = channel.map(writable ? MapMode.READ_WRITE : MapMode.READ_ONLY, start, len, a);
        } catch (IOException | RuntimeException e) {
            a.close();
            throw new DeepException("cannot map " + len + " bytes of " + path + " at offset " + start + " (" + e
                    + "): the process is out of mappings or address space; check 'ulimit -v', 'sysctl vm.max_map_count' "
                    + "and free memory, or lower -Dspacetime.deep.window", e);
        }
        arena = a;
        segmentStart = start;
        return segment;
    }

    private void unmap() {
        if (arena != null) {
            try {
                arena.close();
            } finally {
                arena = null;
                segment = null;
                segmentStart = -1;
            }
        }
    }

    // ----------------------------------------------------------------------------------------- checksums

    /** Checks every chunk's checksum while the caller reads the layers in order from layer 0 (one pass). */
    void verifyWhileReading() {
        if (header.clean()) {
            verifying = true;
            verifyNext = 0;
            running.reset();
        }
    }

    private void feedVerifier(long first, int count, long off, long bytes) {
        int cl = header.chunkLayers();
        long layer = first;
        long end = first + count;
        while (layer < end) {
            int c = (int) (layer / cl);
            long chunkEnd = Math.min(header.spec().layers(), (long) (c + 1) * cl);
            long upTo = Math.min(end, chunkEnd);
            feed(running, header.layerOffset(layer), (upTo - layer) * header.spec().layerBytes());
            layer = upTo;
            if (layer == chunkEnd) {
                int crc = (int) running.getValue();
                running.reset();
                if (crc != header.chunkCrcs()[c]) {
                    throw new DeepException(path + ": chunk " + c + " (layers " + (long) c * cl + ".." + (chunkEnd - 1)
                            + ") fails its checksum (stored " + Integer.toHexString(header.chunkCrcs()[c]) + ", computed "
                            + Integer.toHexString(crc) + "): the file is corrupt; restore it from a copy or recreate it "
                            + "with 'spacetime deep init'");
                }
            }
        }
        verifyNext = end;
        if (end == header.spec().layers()) {
            verifying = false;
        }
    }

    private int crcOf(long off, long bytes) {
        CRC32C c = new CRC32C();
        feed(c, off, bytes);
        return (int) c.getValue();
    }

    private void feed(CRC32C crc, long off, long bytes) {
        while (bytes > 0) {
            MemorySegment seg = windowAt(off);
            long inWindow = off - segmentStart;
            long n = Math.min(bytes, seg.byteSize() - inWindow);
            crc.update(seg.asSlice(inWindow, n).asByteBuffer());
            off += n;
            bytes -= n;
        }
    }

    // ------------------------------------------------------------------------------------ the commit protocol

    /**
     * Step 1 of rewriting this file: the header says DIRTY, durably, before any data byte changes. From here until
     * {@link #commit} a crash leaves a file that says it is not to be trusted. Collects the checksums of the chunks
     * written from now on.
     */
    void markDirty() {
        if (fresh == null) {
            freshCrcs = new int[header.chunkCount()];
            fresh = new boolean[header.chunkCount()];
        }
        if (!header.clean()) {
            return;
        }
        header = header.with(header.step(), false, header.chunkCrcs());
        writeHeader();
    }

    boolean dirty() {
        return !header.clean();
    }

    /**
     * Step 2: data durable (fsync), then the header CLEAN with {@code step} and the chunk checksums, durable. Chunks
     * not rewritten as whole chunks since {@link #markDirty} get their checksum from a pass over the file.
     */
    void commit(long step) {
        int[] crcs = new int[header.chunkCount()];
        for (int c = 0; c < crcs.length; c++) {
            crcs[c] = fresh != null && fresh[c] ? freshCrcs[c]
                    : crcOf(header.layerOffset((long) c * header.chunkLayers()), header.chunkLength(c) * header.spec().layerBytes());
        }
        try {
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot flush " + path + " to disk", e);
        }
        header = header.with(step, true, crcs);
        writeHeader();
        freshCrcs = null;
        fresh = null;
    }

    private void writeHeader() {
        try {
            channel.write(header.encode(), 0);
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the header of " + path, e);
        }
    }

    @Override
    public void close() {
        prefetcher.close();
        try {
            unmap();
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close " + path, e);
            }
        }
    }
}
