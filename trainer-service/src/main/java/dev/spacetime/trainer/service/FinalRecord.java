package dev.spacetime.trainer.service;

import dev.spacetime.contracts.JobEvent;
import dev.spacetime.contracts.ModelPublished;
import java.util.Map;

/**
 * The completion marker ({@code jobs/<jobId>/final.json}): written atomically BEFORE the final event is sent, so that a
 * redelivered job re-sends exactly these records (same sequence numbers, which consumers dedupe) instead of running
 * again.
 *
 * @param event the COMPLETED, FAILED or CANCELLED event
 * @param model the model announcement (COMPLETED only), else null
 * @param run   the run as {@code spacetime train --json} prints it (COMPLETED only; non-finite numbers as null)
 */
public record FinalRecord(JobEvent event, ModelPublished model, Map<String, Object> run) {
}
