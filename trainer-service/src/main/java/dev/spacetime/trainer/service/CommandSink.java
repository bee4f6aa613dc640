package dev.spacetime.trainer.service;

import dev.spacetime.contracts.ControlCommand;
import dev.spacetime.contracts.TrainingJob;
import java.util.concurrent.CompletionStage;

/** What the REST side publishes; each stage completes when the broker has the record. */
public interface CommandSink {

    /** To the job topic keyed by job id; {@code partition} null = the key's partition. */
    CompletionStage<Void> submit(TrainingJob job, Integer partition);

    /** To the control topic keyed by job id; every trainer instance reads it. */
    CompletionStage<Void> control(ControlCommand command);

    /** Partitions of the job topic (to spread a sweep over them). */
    CompletionStage<Integer> jobPartitions();
}
