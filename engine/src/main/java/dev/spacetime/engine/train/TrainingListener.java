package dev.spacetime.engine.train;

import java.util.function.Supplier;

/**
 * Progress callbacks (the CLI draws progress bars from them, the trainer service emits events and checkpoints).
 * Called on the training thread; keep them cheap.
 */
public interface TrainingListener {

    TrainingListener NONE = new TrainingListener() {
    };

    default void epochStarted(int epoch, int steps) {
    }

    default void stepFinished(int epoch, int step, double loss) {
    }

    default void epochFinished(EpochMetrics metrics) {
    }

    /**
     * After every epoch: a snapshot to resume from. The supplier copies the weights and optimizer state only when
     * called, so listeners that do not checkpoint pay nothing.
     */
    default void epochCheckpoint(int epoch, Supplier<TrainingCheckpoint> snapshot) {
    }

    /** Checked after every step; true stops the run with {@link TrainingStoppedException} (a cancel). */
    default boolean stopRequested() {
        return false;
    }
}
