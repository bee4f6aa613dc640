package dev.spacetime.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A model version taken out of service (a registry's "archived" stage), for good: every inference instance stops
 * serving it, a later or replayed {@link ModelPublished} of the same version does not bring it back, and results-service
 * marks it retired. It travels on {@link Topics#MODELS} after the announcement it retires, keyed by model name, with
 * the header {@link ModelTopicRecord#HEADER} = {@code ModelRetired}.
 *
 * @param reason    why, for people reading the registry (who asked, through which endpoint)
 * @param instance  the service instance that accepted the request
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelRetired(int schemaVersion, String modelName, int version, String reason, String instance,
                           Instant retiredAt) {

    public ModelRetired {
        SchemaVersion.check(schemaVersion, "ModelRetired");
        if (version < 1) {
            throw new IllegalArgumentException("model version " + version + " must be ≥ 1");
        }
    }
}
