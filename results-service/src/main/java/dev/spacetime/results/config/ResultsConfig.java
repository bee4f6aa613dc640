package dev.spacetime.results.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/** results-service settings ({@code spacetime.*}; environment: {@code SPACETIME_API_TOKEN}, …). */
@ConfigMapping(prefix = "spacetime")
public interface ResultsConfig {

    /**
     * The bearer token that mutating endpoints ({@code DELETE /runs/{id}}) require. Unset = every mutating call is
     * refused (401), never allowed.
     */
    @WithName("api-token")
    Optional<String> apiToken();

    /** The artifact store folder the stack hands to every service; results-service only reports locations. */
    @WithName("artifact-dir")
    Optional<String> artifactDir();

    Ingest ingest();

    Query query();

    interface Ingest {

        /** First wait before retrying a batch whose transaction failed (database down). */
        @WithDefault("200ms")
        Duration retryInitial();

        /** Longest wait between retries; the wait doubles up to this. */
        @WithDefault("5s")
        Duration retryMax();
    }

    interface Query {

        /** Largest page of {@code GET /runs}. */
        @WithDefault("1000")
        int maxPageSize();

        /** Default page of {@code GET /runs}. */
        @WithDefault("50")
        int defaultPageSize();

        /** Most runs in one {@code GET /runs/compare}. */
        @WithDefault("100")
        int maxCompare();
    }
}
