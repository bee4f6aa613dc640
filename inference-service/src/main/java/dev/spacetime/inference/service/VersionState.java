package dev.spacetime.inference.service;

import dev.spacetime.contracts.ModelPublished;
import java.time.Instant;

/**
 * What the registry knows about one version of a model.
 *
 * @param loaded the serving copy, non-null exactly when {@code status} is {@link Status#SERVING}
 * @param reason why it is not serving (null when serving)
 * @param since  when it entered this status
 */
public record VersionState(int version, Status status, String reason, ModelPublished announcement, LoadedModel loaded,
                           Instant since) {

    public enum Status {
        /** Loaded and answering predictions. */
        SERVING,
        /** Its artifact was refused (and no earlier copy of this version is serving). */
        REJECTED,
        /**
         * Retired by a {@code ModelRetired} record on the models topic (what {@code DELETE /v1/models/{name}/{version}}
         * publishes): on every instance, for good, also after a restart replays the topic.
         */
        RETIRED,
        /** Valid, but unloaded because newer versions fill {@code spacetime.inference.keep-versions}. */
        UNLOADED
    }

    public VersionState {
        if ((status == Status.SERVING) != (loaded != null)) {
            throw new IllegalArgumentException("version " + version + ": a loaded model goes with SERVING only, got " + status);
        }
    }

    static VersionState serving(LoadedModel m) {
        return new VersionState(m.version(), Status.SERVING, null, m.announcement(), m, m.loadedAt());
    }

    VersionState with(Status status, String reason, Instant at) {
        return new VersionState(version, status, reason, announcement, null, at);
    }
}
