package dev.spacetime.stack;

/** What {@code spacetime status} reports per component. */
public enum Health {
    /** Running and answering its health check (Kafka: cluster metadata; PostgreSQL: SELECT 1; services: 200). */
    UP,
    /** The process runs but does not answer (starting, overloaded, or lost a dependency). */
    DOWN,
    /** Not running. */
    STOPPED,
    /** Not started: its jar is not built (services only). */
    SKIPPED
}
