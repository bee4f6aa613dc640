package dev.spacetime.engine.io;

/** A model file that cannot be used; the message says which check failed (magic, version, size, checksum, shape). */
public final class ModelFileException extends RuntimeException {

    public ModelFileException(String message) {
        super(message);
    }

    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
