package dev.spacetime.engine.data;

/**
 * A data set could not be read or obtained. Unchecked because the caller (the CLI, a service) can do nothing but show
 * it: every message names the file or source, says what is wrong and how to fix it.
 */
public final class DataException extends RuntimeException {

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
