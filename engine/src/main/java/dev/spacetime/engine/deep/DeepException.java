package dev.spacetime.engine.deep;

/**
 * Something the user can fix: a weight or head file that is corrupt, truncated or from another run, a plan that
 * does not fit this machine's disk or memory. The message is one actionable line (the CLI exits 2 with it).
 */
public final class DeepException extends RuntimeException {

    public DeepException(String message) {
        super(message);
    }

    public DeepException(String message, Throwable cause) {
        super(message, cause);
    }
}
