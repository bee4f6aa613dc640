package dev.spacetime.results.rest;

import dev.spacetime.results.persistence.RunFilter;
import dev.spacetime.results.service.BadParameter;
import dev.spacetime.results.service.RunStatus;

/**
 * Query parameters arrive as strings and are parsed here, so that a bad value is a 400 naming the parameter (JAX-RS
 * would turn a failed conversion of a query parameter into a bare 404).
 */
final class Params {

    private Params() {
    }

    static Integer integer(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new BadParameter(name, name + " '" + value + "' is not a whole number");
        }
    }

    static Long whole(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new BadParameter(name, name + " '" + value + "' is not a whole number");
        }
    }

    static boolean bool(String name, String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new BadParameter(name, name + " '" + value + "' must be true or false");
        };
    }

    static String text(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    static RunFilter filter(String sweep, String model, String status, String dataset) {
        RunStatus s = null;
        if (status != null && !status.isBlank()) {
            s = RunStatus.parse(status).orElseThrow(() -> new BadParameter("status",
                    "status '" + status + "' is not one of " + String.join(", ", RunStatus.NAMES)));
        }
        return new RunFilter(text(sweep), text(model), s, text(dataset));
    }
}
