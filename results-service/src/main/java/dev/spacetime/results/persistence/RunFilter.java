package dev.spacetime.results.persistence;

import dev.spacetime.results.service.RunStatus;
import java.util.ArrayList;
import java.util.List;

/** Filters of {@code GET /runs} and {@code GET /runs.csv}; null = any. */
public record RunFilter(String sweep, String model, RunStatus status, String dataset) {

    public static final RunFilter ANY = new RunFilter(null, null, null, null);

    /** The same filter for views without a status column (the frontier, the seed bands). */
    public RunFilter withoutStatus() {
        return status == null ? this : new RunFilter(sweep, model, null, dataset);
    }

    /** {@code WHERE ...} over run_summary (empty when no filter), with its parameters appended to {@code params}. */
    String where(List<Object> params) {
        List<String> c = new ArrayList<>();
        if (sweep != null) {
            c.add("sweep_id = ?");
            params.add(sweep);
        }
        if (model != null) {
            c.add("model = ?");
            params.add(model);
        }
        if (status != null) {
            c.add("status = ?");
            params.add(status.name());
        }
        if (dataset != null) {
            c.add("dataset = ?");
            params.add(dataset);
        }
        return c.isEmpty() ? "" : " WHERE " + String.join(" AND ", c);
    }
}
