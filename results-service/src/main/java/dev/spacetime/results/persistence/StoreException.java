package dev.spacetime.results.persistence;

import java.sql.SQLException;
import java.util.Set;

/**
 * A database call failed. {@link #isDataError()} tells a row PostgreSQL refuses (bad value, broken constraint: the
 * same row fails again, so retrying is pointless) from everything else (connection lost, server restarting, pool
 * exhausted, deadlock), which a retry outlasts.
 */
public class StoreException extends RuntimeException {

    /** SQLSTATE classes of errors caused by the data itself: 22 data exception, 23 integrity constraint violation. */
    private static final Set<String> DATA_CLASSES = Set.of("22", "23");

    public StoreException(String message, SQLException cause) {
        super(message + ": " + cause.getMessage(), cause);
    }

    public boolean isDataError() {
        return isDataError(getCause());
    }

    /** True when {@code t} (or its cause chain) is an SQLException of a data class. */
    public static boolean isDataError(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() >= 2) {
                return DATA_CLASSES.contains(sql.getSQLState().substring(0, 2));
            }
        }
        return false;
    }
}
