package dev.spacetime.inference.service;

/**
 * A record on the models topic that is not a usable ModelPublished or ModelRetired (a poison record: dead-letter topic).
 */
public final class InvalidAnnouncementException extends RuntimeException {

    public InvalidAnnouncementException(String message) {
        super(message);
    }

    public InvalidAnnouncementException(String message, Throwable cause) {
        super(message, cause);
    }
}
