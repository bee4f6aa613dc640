package dev.spacetime.results.service;

import dev.spacetime.contracts.JobEvent;
import dev.spacetime.contracts.Json;
import dev.spacetime.contracts.ModelPublished;
import dev.spacetime.contracts.ModelRetired;
import dev.spacetime.contracts.ModelTopicRecord;
import java.time.Instant;

/**
 * Wire records to domain values at the edge: a Kafka record's value is either a usable {@link JobEvent} /
 * {@link ModelPublished} / {@link ModelRetired} or poison, with a reason that names what is wrong (for the dead-letter topic's header).
 */
public final class WireRecords {

    /** Either {@code value} or {@code reason} is set. */
    public record Parsed<T>(T value, String reason) {
        public boolean ok() {
            return value != null;
        }
    }

    /**
     * The instants the store can hand PostgreSQL: microseconds since 1970 in 64 bits (EventStore), about ±292,000
     * years. PostgreSQL itself refuses what lies before 4713 BC, as a data error that dead-letters the event too.
     */
    static final Instant EARLIEST = Instant.ofEpochSecond(Long.MIN_VALUE / 1_000_000 + 1);
    static final Instant LATEST = Instant.ofEpochSecond(Long.MAX_VALUE / 1_000_000 - 1);

    private WireRecords() {
    }

    public static Parsed<JobEvent> jobEvent(String raw) {
        if (raw == null) {
            return new Parsed<>(null, "empty record (null value)");
        }
        JobEvent e;
        try {
            e = Json.read(raw, JobEvent.class);
        } catch (IllegalArgumentException ex) {
            return new Parsed<>(null, ex.getMessage());
        }
        if (e.jobId() == null || e.jobId().isBlank()) {
            return new Parsed<>(null, "not a valid JobEvent: jobId is missing");
        }
        if (e.type() == null) {
            return new Parsed<>(null, "not a valid JobEvent: type is missing (job " + e.jobId() + ")");
        }
        if (e.at() == null) {
            return new Parsed<>(null, "not a valid JobEvent: at is missing (job " + e.jobId() + ")");
        }
        if (e.at().isBefore(EARLIEST) || e.at().isAfter(LATEST)) {
            return new Parsed<>(null, "not a valid JobEvent: at " + e.at() + " is not between " + EARLIEST + " and "
                    + LATEST + " (job " + e.jobId() + ")");
        }
        if (e.metrics().values().stream().anyMatch(v -> v == null)) {
            return new Parsed<>(null, "not a valid JobEvent: a metric has no value (job " + e.jobId() + ")");
        }
        return new Parsed<>(e, null);
    }

    /**
     * A models-topic record: a {@link ModelPublished} or a {@link ModelRetired}, as the type header says (no header: a
     * ModelPublished).
     */
    public static Parsed<Record> modelTopic(byte[] typeHeader, String raw) {
        ModelTopicRecord type;
        try {
            type = ModelTopicRecord.of(typeHeader);
        } catch (IllegalArgumentException ex) {
            return new Parsed<>(null, ex.getMessage());
        }
        Parsed<? extends Record> p = type == ModelTopicRecord.RETIRED ? retirement(raw) : model(raw);
        return new Parsed<>(p.value(), p.reason());
    }

    public static Parsed<ModelRetired> retirement(String raw) {
        if (raw == null) {
            return new Parsed<>(null, "empty record (null value)");
        }
        ModelRetired r;
        try {
            r = Json.read(raw, ModelRetired.class);
        } catch (IllegalArgumentException ex) {
            return new Parsed<>(null, ex.getMessage());
        }
        if (r.modelName() == null || r.modelName().isBlank()) {
            return new Parsed<>(null, "not a valid ModelRetired: modelName is missing");
        }
        return new Parsed<>(r, null);
    }

    public static Parsed<ModelPublished> model(String raw) {
        if (raw == null) {
            return new Parsed<>(null, "empty record (null value)");
        }
        ModelPublished m;
        try {
            m = Json.read(raw, ModelPublished.class);
        } catch (IllegalArgumentException ex) {
            return new Parsed<>(null, ex.getMessage());
        }
        if (m.modelName() == null || m.modelName().isBlank()) {
            return new Parsed<>(null, "not a valid ModelPublished: modelName is missing");
        }
        if (m.artifactUri() == null || m.sha256() == null) {
            return new Parsed<>(null, "not a valid ModelPublished: artifactUri and sha256 are required (model "
                    + m.modelName() + " v" + m.version() + ")");
        }
        return new Parsed<>(m, null);
    }
}
