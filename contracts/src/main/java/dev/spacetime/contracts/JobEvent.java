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
 * @param attributes the job's configuration as strings, on ACCEPTED and STARTED (empty on the other types):
 *                {@code model}, {@code dataset}, {@code engine}, {@code seed}, {@code sweep} and every model option and
 *                hyperparameter by its CLI name ({@code depth}, {@code hidden}, {@code epochs}, {@code lr}, …), so that a
 *                consumer can store a run's configuration without seeing the {@link TrainingJob}. Added within schema
 *                version 1 (optional; older readers ignore it, and it is left out of the JSON when empty).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobEvent(int schemaVersion, String jobId, String sweepId, long sequence, JobEventType type, Instant at,
                       Integer epoch, Long step, Map<String, Double> metrics, String reason, String worker,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> attributes) {

    public JobEvent {
        SchemaVersion.check(schemaVersion, "JobEvent");
        if (sequence < 1) {
            throw new IllegalArgumentException("JobEvent sequence " + sequence + " must be ≥ 1");
        }
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** An event without attributes (every type but ACCEPTED and STARTED). */
    public JobEvent(int schemaVersion, String jobId, String sweepId, long sequence, JobEventType type, Instant at,
                    Integer epoch, Long step, Map<String, Double> metrics, String reason, String worker) {
        this(schemaVersion, jobId, sweepId, sequence, type, at, epoch, step, metrics, reason, worker, Map.of());
    }
}
