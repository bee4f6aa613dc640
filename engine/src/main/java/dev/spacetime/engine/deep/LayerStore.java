package dev.spacetime.engine.deep;

/**
 * Where the stack's layers live during training: in RAM ({@link MemoryStore}) or in the weight file's two slots
 * ({@link FileStore}). Calls come from one thread (the trainer's I/O thread).
 */
interface LayerStore extends AutoCloseable {

    /** Chunk c's parameters: {@code spare} filled from storage, or the store's own array (in memory). */
    float[] load(int c, float[] spare);

    /** Chunk c's updated parameters go back (to the step's target slot; a no-op in memory). */
    void store(int c, float[] params);

    /** Before a step; {@code checkpoint}: the step ends with a durable checkpoint. */
    void beginStep(boolean checkpoint);

    /** After the step's last {@link #store}. */
    void endStep();

    /** Makes the weights after {@code step} steps durable and CLEAN in a slot that is not touched until the next one. */
    void checkpoint(long step);

    /** After the last checkpoint: leave the latest checkpoint in the main file and no shadow behind. */
    void finish();

    long bytesRead();

    long bytesWritten();

    @Override
    void close();
}
