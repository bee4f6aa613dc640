package dev.spacetime.engine.deep;

import java.nio.file.Path;

/**
 * The chunked mode: layers stay in the weight file and stream through the compute chunks every step.
 *
 * <p>Crash safety. {@code checkpointSlot} holds the last checkpoint (CLEAN, its step in the head file) and is
 * read but never written. A step reads the latest weights from {@code current} and writes the updated chunks to
 * {@code target}: the other slot when {@code current} is the checkpoint slot (the first step after a checkpoint),
 * else {@code current} itself (in place). Before its first data write the target's header is made DIRTY and
 * fsynced. A checkpoint fsyncs the target's data, writes its header CLEAN with the step and the chunk checksums,
 * fsyncs, and only then rewrites the head file (atomically), which is the commit point. A kill at any moment leaves
 * the head file naming a step that a CLEAN slot holds; resume reads that slot and overwrites the other.
 */
final class FileStore implements LayerStore {

    private final Path weights;
    private final Chunking chunks;
    private SlotFile checkpointSlot;
    private SlotFile current;
    private SlotFile target;
    private SlotFile other;

    FileStore(Path weights, Path checkpointPath, Chunking chunks) {
        this.weights = weights;
        this.chunks = chunks;
        this.checkpointSlot = SlotFile.open(checkpointPath, true);
        this.current = checkpointSlot;
        checkpointSlot.verifyWhileReading();
    }

    @Override
    public float[] load(int c, float[] spare) {
        current.readLayers(chunks.first(c), chunks.length(c), spare, 0);
        return spare;
    }

    @Override
    public void store(int c, float[] params) {
        target.writeLayers(chunks.first(c), chunks.length(c), params, 0);
    }

    @Override
    public void beginStep(boolean checkpoint) {
        target = current == checkpointSlot ? otherSlot() : current;
        target.markDirty();
        target.crcOnWrite(checkpoint);
    }

    /** The slot that is not the checkpoint: opened (created empty, sparse) the first time it is needed. */
    private SlotFile otherSlot() {
        if (other == null) {
            Path p = checkpointSlot.path().equals(weights) ? Slots.shadow(weights) : weights;
            other = SlotFile.create(p, checkpointSlot.header());
        }
        return other;
    }

    @Override
    public void endStep() {
        current = target;
    }

    @Override
    public void checkpoint(long step) {
        current.commit(step);
        SlotFile previous = checkpointSlot;
        checkpointSlot = current;
        other = previous == current ? other : previous;
    }

    @Override
    public void finish() {
        Path latest = checkpointSlot.path();
        close();
        Slots.consolidate(weights, latest);
    }

    @Override
    public long bytesRead() {
        return sum(SlotFile::bytesRead);
    }

    @Override
    public long bytesWritten() {
        return sum(SlotFile::bytesWritten);
    }

    private long sum(java.util.function.ToLongFunction<SlotFile> f) {
        long s = f.applyAsLong(checkpointSlot);
        if (other != null && other != checkpointSlot) {
            s += f.applyAsLong(other);
        }
        return s;
    }

    @Override
    public void close() {
        try {
            checkpointSlot.close();
        } finally {
            if (other != null && other != checkpointSlot) {
                other.close();
            }
        }
    }
}
