package dev.spacetime.engine.deep;

import java.nio.file.Path;

/**
 * The {@code --in-memory} mode: every chunk lives in its own array on the heap (the kernels then read the weights
 * where they are, no copy), loaded once with the checksums verified. Checkpoints write the whole stack to the slot
 * that does not hold the previous checkpoint, with the same DIRTY → data → fsync → CLEAN → head-file order as
 * {@link FileStore}.
 */
final class MemoryStore implements LayerStore {

    private final Path weights;
    private final Chunking chunks;
    private final float[][] params;
    private Path checkpointPath;
    private long bytesRead;
    private long bytesWritten;

    MemoryStore(Path weights, Path checkpointPath, Chunking chunks, int layerFloats) {
        this.weights = weights;
        this.chunks = chunks;
        this.checkpointPath = checkpointPath;
        this.params = new float[chunks.count()][];
        try (SlotFile slot = SlotFile.open(checkpointPath, false)) {
            slot.verifyWhileReading();
            for (int c = 0; c < chunks.count(); c++) {
                params[c] = new float[chunks.length(c) * layerFloats];
                slot.readLayers(chunks.first(c), chunks.length(c), params[c], 0);
            }
            bytesRead = slot.bytesRead();
        }
    }

    @Override
    public float[] load(int c, float[] spare) {
        return params[c];
    }

    @Override
    public void store(int c, float[] p) {
        // updated in place
    }

    @Override
    public void beginStep(boolean checkpoint) {
    }

    @Override
    public void endStep() {
    }

    @Override
    public void checkpoint(long step) {
        Path target = checkpointPath.equals(weights) ? Slots.shadow(weights) : weights;
        WeightFileHeader template = SlotFile.readHeader(checkpointPath);
        try (SlotFile slot = SlotFile.create(target, template)) {
            slot.markDirty();
            slot.crcOnWrite(true);
            for (int c = 0; c < chunks.count(); c++) {
                slot.writeLayers(chunks.first(c), chunks.length(c), params[c], 0);
            }
            slot.commit(step);
            bytesWritten += slot.bytesWritten();
        }
        checkpointPath = target;
    }

    @Override
    public void finish() {
        Slots.consolidate(weights, checkpointPath);
    }

    @Override
    public long bytesRead() {
        return bytesRead;
    }

    @Override
    public long bytesWritten() {
        return bytesWritten;
    }

    @Override
    public void close() {
    }
}
