package dev.spacetime.inference.service;

/** The broker did not take a retirement record: nothing was retired anywhere, the client may try again (503). */
public final class RetirementNotRecordedException extends RuntimeException {

    public RetirementNotRecordedException(String detail, Throwable cause) {
        super(detail, cause);
    }
}
