package dev.spacetime.inference.messaging;

import dev.spacetime.contracts.Json;
import dev.spacetime.contracts.ModelPublished;
import dev.spacetime.contracts.ModelRetired;
import dev.spacetime.contracts.ModelTopicRecord;
import dev.spacetime.inference.service.ArtifactStore;
import dev.spacetime.inference.service.InvalidAnnouncementException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.regex.Pattern;

/**
 * Wire to domain at the edge: a raw models-topic value becomes a {@link ModelPublished} or {@link ModelRetired} (as
 * its type header says) whose fields the registry can trust, or an {@link InvalidAnnouncementException} naming the
 * bad field (the record then goes to the dead-letter topic). A well-formed announcement whose artifact turns out bad
 * is not poison: the registry refuses it and reports.
 */
@ApplicationScoped
public class ModelTopicParser {

    /** Model names appear in URLs ({@code /v1/models/{name}}), so they stay URL-safe. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private final ArtifactStore store;

    public ModelTopicParser(ArtifactStore store) {
        this.store = store;
    }

    /** The record type its header names (no header: a ModelPublished). */
    public ModelTopicRecord type(byte[] header) {
        try {
            return ModelTopicRecord.of(header);
        } catch (IllegalArgumentException e) {
            throw new InvalidAnnouncementException(e.getMessage(), e);
        }
    }

    public ModelRetired retirement(String value) {
        ModelRetired r = read(value, ModelRetired.class);
        checkName(r.modelName());
        return r;
    }

    /** The record's JSON as {@code type}; an empty or unreadable value is an invalid record, named as such. */
    private static <T> T read(String value, Class<T> type) {
        if (value == null || value.isBlank()) {
            throw new InvalidAnnouncementException("empty record: expected a " + type.getSimpleName() + " JSON object");
        }
        try {
            return Json.read(value, type);
        } catch (IllegalArgumentException e) {
            throw new InvalidAnnouncementException(e.getMessage(), e);
        }
    }

    public ModelPublished announcement(String value) {
        ModelPublished m = read(value, ModelPublished.class);
        checkName(m.modelName());
        if (m.artifactUri() == null || m.artifactUri().isBlank()) {
            throw new InvalidAnnouncementException("artifactUri is missing (model " + m.modelName() + " version " + m.version() + ")");
        }
        store.resolve(m.artifactUri());
        if (m.sha256() == null || !SHA256.matcher(m.sha256()).matches()) {
            throw new InvalidAnnouncementException("sha256 '" + m.sha256() + "' is not 64 hex digits (model "
                    + m.modelName() + " version " + m.version() + ")");
        }
        if (m.sizeBytes() <= 0) {
            throw new InvalidAnnouncementException("sizeBytes " + m.sizeBytes() + " must be positive (model "
                    + m.modelName() + " version " + m.version() + ")");
        }
        return m;
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidAnnouncementException("modelName '" + name
                    + "' is not a model name: 1-128 of letters, digits, '.', '_', '-', starting with a letter or digit");
        }
    }
}
