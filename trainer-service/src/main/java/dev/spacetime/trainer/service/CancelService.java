package dev.spacetime.trainer.service;

import dev.spacetime.contracts.ControlCommand;
import dev.spacetime.contracts.SchemaVersion;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * Cancel, from REST or from the control topic. Three signals, so that a cancel reaches the job wherever it is: the
 * marker in the artifact store (a job that has not started never will; a running job polls it), the local flag (a
 * job running here stops at its next step), and the control command (every other instance's running job stops at its
 * next step).
 */
@ApplicationScoped
public class CancelService {

    private static final Logger LOG = Logger.getLogger(CancelService.class);

    /** A job that already ended cannot be cancelled. */
    public static final class AlreadyFinalException extends RuntimeException {
        public AlreadyFinalException(String message) {
            super(message);
        }
    }

    private final ArtifactStore store;
    private final ActiveJobs active;
    private final CommandSink commands;

    public CancelService(ArtifactStore store, ActiveJobs active, CommandSink commands) {
        this.store = store;
        this.active = active;
        this.commands = commands;
    }

    /** REST: marks, signals and publishes; the stage completes when the control command is on the broker. */
    public CompletionStage<Void> request(String jobId, String reason) {
        if (!ArtifactStore.validJobId(jobId)) {
            throw new InvalidJobException("jobId", "job id '" + jobId + "' must be 1-128 letters, digits, '.', '_' or '-'");
        }
        store.readFinal(jobId).ifPresent(f -> {
            throw new AlreadyFinalException("job " + jobId + " already ended: " + f.event().type());
        });
        String why = reason == null || reason.isBlank() ? "cancelled by request" : reason;
        store.markCancelled(jobId, why);
        signal(jobId, why);
        return commands.control(new ControlCommand(SchemaVersion.CURRENT, jobId, ControlCommand.Action.CANCEL, why,
                Instant.now()));
    }

    /** Control topic: every instance sees every command. */
    public void apply(ControlCommand command) {
        if (command.action() != ControlCommand.Action.CANCEL || !ArtifactStore.validJobId(command.jobId())) {
            return;
        }
        String why = command.reason() == null ? "cancelled" : command.reason();
        signal(command.jobId(), why);
        if (store.readFinal(command.jobId()).isEmpty()) {
            store.markCancelled(command.jobId(), why);
        }
    }

    private void signal(String jobId, String reason) {
        ActiveJob a = active.get(jobId);
        if (a != null) {
            LOG.infof("job %s: cancel requested (%s)", jobId, reason);
            a.cancel(reason);
        }
    }
}
