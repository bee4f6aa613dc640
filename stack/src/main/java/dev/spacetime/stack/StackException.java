package dev.spacetime.stack;

/**
 * A component of the stack could not be started, reached or stopped. The message is the whole report: it names the
 * component, what went wrong, where its log is (with the log's last lines when they explain it) and the fix.
 */
public final class StackException extends RuntimeException {

    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
