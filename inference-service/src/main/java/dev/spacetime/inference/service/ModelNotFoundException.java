package dev.spacetime.inference.service;

/** The model or version asked for is not known, or not serving (404). */
public final class ModelNotFoundException extends RuntimeException {

    public ModelNotFoundException(String detail) {
        super(detail, null, false, false);
    }
}
