package dev.spacetime.contracts;

/** Lifecycle of a job; COMPLETED, FAILED and CANCELLED are final. */
public enum JobEventType {
    ACCEPTED, STARTED, PROGRESS, CHECKPOINTED, COMPLETED, FAILED, CANCELLED;

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
