package dev.spacetime.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything inference-service reads from {@code spacetime.*}. The stack hands over {@code spacetime.artifact-dir}
 * and {@code spacetime.api-token} (environment {@code SPACETIME_ARTIFACT_DIR}, {@code SPACETIME_API_TOKEN}); the
 * {@code spacetime.inference.*} group tunes this service alone.
 */
@ConfigMapping(prefix = "spacetime")
public interface InferenceConfig {

    /** Root of the artifact store; a {@code ModelPublished.artifactUri} is resolved against it and must stay inside. */
    @WithDefault(".spacetime/stack/artifacts")
    Path artifactDir();

    /**
     * Bearer token for mutating endpoints ({@code DELETE /v1/models/{name}/{version}}). Unset: those endpoints answer
     * 403, reads and predictions stay open.
     */
    Optional<String> apiToken();

    Inference inference();

    interface Inference {

        /** Most rows one predict request may carry (each row is a full input vector). */
        @WithDefault("1024")
        int maxRows();

        /**
         * Requests with at most this many rows run on the I/O thread that parsed them (no hand-off, lowest latency);
         * larger ones go to the worker pool so that a big batch never stalls the event loop.
         */
        @WithDefault("8")
        int inlineRows();

        /** Loaded versions kept per model (the newest valid ones); older ones are unloaded to free memory. */
        @WithDefault("3")
        int keepVersions();

        /** Artifacts larger than this are refused before reading them. */
        @WithDefault("1073741824")
        long maxArtifactBytes();

        /** Refusals remembered per model for {@code GET /v1/models} (oldest dropped first). */
        @WithDefault("10")
        int rejectionHistory();

        /** This instance's name in the ModelRetired records it publishes (default: host name + a fresh id). */
        String instanceId();

        /** Dead-letter topic of the models channel; created at start-up when missing (the broker may not auto-create). */
        @WithDefault("spacetime.models.dlq")
        String deadLetterTopic();
    }
}
