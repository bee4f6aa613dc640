package dev.spacetime.trainer.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * A job as the events show it.
 *
 * @param status    SUBMITTED (published here, no event yet), ACCEPTED, RUNNING, COMPLETED, FAILED or CANCELLED
 * @param lastEvent the type of the newest event
 * @param sequence  the newest event's sequence number
 * @param epoch     the newest epoch reported
 * @param metrics   the newest figures: per-epoch while running, the run's headline numbers once COMPLETED
 * @param attributes the job's configuration (from ACCEPTED/STARTED)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobStatus(String jobId, String sweepId, String status, String lastEvent, long sequence, Integer epoch,
                        Map<String, Double> metrics, String reason, String worker, Map<String, String> attributes,
                        Instant updatedAt) {
}
