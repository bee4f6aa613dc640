package dev.spacetime.results.service;

import dev.spacetime.contracts.JobEventType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A run's status as stored and filtered on: the lifecycle collapsed to what a reader asks about. */
public enum RunStatus {
    ACCEPTED, RUNNING, COMPLETED, FAILED, CANCELLED;

    public static final List<String> NAMES = Arrays.stream(values()).map(Enum::name).toList();

    public static RunStatus of(JobEventType type) {
        return switch (type) {
            case ACCEPTED -> ACCEPTED;
            case STARTED, PROGRESS, CHECKPOINTED -> RUNNING;
            case COMPLETED -> COMPLETED;
            case FAILED -> FAILED;
            case CANCELLED -> CANCELLED;
        };
    }

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /** Case-insensitive; empty for anything else. */
    public static Optional<RunStatus> parse(String s) {
        try {
            return Optional.of(valueOf(s.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
