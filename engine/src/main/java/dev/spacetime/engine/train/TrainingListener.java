package dev.spacetime.engine.train;

/** Progress callbacks (the CLI draws progress bars from them). Called on the training thread; keep them cheap. */
public interface TrainingListener {

    TrainingListener NONE = new TrainingListener() {
    };

    default void epochStarted(int epoch, int steps) {
    }

    default void stepFinished(int epoch, int step, double loss) {
    }

    default void epochFinished(EpochMetrics metrics) {
    }
}
