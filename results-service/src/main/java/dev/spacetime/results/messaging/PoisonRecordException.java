package dev.spacetime.results.messaging;

/**
 * Why a record cannot be stored; its message becomes the dead-letter record's {@code dead-letter-reason} header.
 * No stack trace: it is a verdict on the data, not a bug.
 */
public class PoisonRecordException extends RuntimeException {

    public PoisonRecordException(String reason) {
        super(reason, null, false, false);
    }
}
