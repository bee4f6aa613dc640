package dev.spacetime.trainer.service;

/**
 * A job (or request) that cannot run as given. The message is the whole report: it names the field, the bad value
 * and how to fix it, e.g. {@code hyperparameters.lr -0.1: learning rate -0.1 must be a finite number > 0}.
 */
public final class InvalidJobException extends RuntimeException {

    private final String field;

    public InvalidJobException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The offending field as a path ({@code model}, {@code hyperparameters.lr}, {@code body}). */
    public String field() {
        return field;
    }
}
