package dev.spacetime.results.service;

/** A request parameter that cannot be used (→ 400 problem naming it). */
public class BadParameter extends RuntimeException {

    private final String parameter;

    public BadParameter(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
