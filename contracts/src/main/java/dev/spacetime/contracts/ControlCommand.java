package dev.spacetime.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** An instruction for whichever trainer runs a job. CANCEL stops it at the next step boundary. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ControlCommand(int schemaVersion, String jobId, Action action, String reason, Instant at) {

    public enum Action { CANCEL }

    public ControlCommand {
        SchemaVersion.check(schemaVersion, "ControlCommand");
    }
}
