package dev.spacetime.engine.train;

/** The listener asked the run to stop (a cancel); thrown at the step boundary after which it stopped. */
public final class TrainingStoppedException extends RuntimeException {

    private final int epoch;
    private final int step;

    public TrainingStoppedException(int epoch, int step) {
        super("training stopped on request after epoch " + epoch + ", step " + step);
        this.epoch = epoch;
        this.step = step;
    }

    public int epoch() {
        return epoch;
    }

    public int step() {
        return step;
    }
}
