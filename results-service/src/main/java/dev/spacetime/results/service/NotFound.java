package dev.spacetime.results.service;

/** Something asked for by id does not exist (→ 404 problem). */
public class NotFound extends RuntimeException {

    public NotFound(String message) {
        super(message);
    }
}
