package dev.spacetime.inference.service;

/** The model is known but has no serving version: every version was refused or retired (503). */
public final class ModelUnavailableException extends RuntimeException {

    public ModelUnavailableException(String detail) {
        super(detail, null, false, false);
    }
}
