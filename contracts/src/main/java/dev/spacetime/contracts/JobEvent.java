package dev.spacetime.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * Something that happened to a job. {@code sequence} is monotonic per job (1, 2, 3, …, continued across a resume),
 * so (jobId, sequence) identifies an event and consumers drop redeliveries by it.
 *
 * @param epoch   the epoch the event refers to (PROGRESS, CHECKPOINTED), or null
 * @param step    the step within the run, or null
 * @param metrics named figures: per epoch train_loss, val_loss, val_accuracy, epoch_seconds; on COMPLETED the whole
 *                run's test_accuracy, params, train_seconds, inference_p50_us, …
 * @param reason  why a job FAILED or was CANCELLED, naming the bad field or the cause
 * @param worker  the trainer instance that emitted it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobEvent(int schemaVersion, String jobId, String sweepId, long sequence, JobEventType type, Instant at,
                       Integer epoch, Long step, Map<String, Double> metrics, String reason, String worker) {

    public JobEvent {
        SchemaVersion.check(schemaVersion, "JobEvent");
        if (sequence < 1) {
            throw new IllegalArgumentException("JobEvent sequence " + sequence + " must be ≥ 1");
        }
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }
}
