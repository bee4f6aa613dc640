package dev.spacetime.engine.train;

/** The loss became NaN or infinite; the message says where (epoch, step, layer) and what to try. */
public final class TrainingDivergedException extends RuntimeException {

    public TrainingDivergedException(String message) {
        super(message);
    }
}
