package dev.spacetime.results.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Whether the last write reached the database. While a write keeps failing (PostgreSQL down or restarting), the
 * ingest waits and retries, and readiness reports DOWN with the last error.
 */
@ApplicationScoped
public class DatabaseAvailability {

    private volatile String problem;
    private volatile Instant since;

    public void failing(String error) {
        if (problem == null) {
            since = Instant.now();
        }
        problem = error;
    }

    public void ok() {
        problem = null;
        since = null;
    }

    /** Null while writes succeed; else the last error. */
    public String problem() {
        return problem;
    }

    public Instant since() {
        return since;
    }
}
