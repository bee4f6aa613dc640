package dev.spacetime.trainer.service;

import dev.spacetime.contracts.JobEvent;
import dev.spacetime.contracts.ModelPublished;
import java.util.concurrent.CompletionStage;

/** Where the service's records go (Kafka, through the messaging layer); each stage completes when the broker has it. */
public interface EventSink {

    /** To the job-events topic, keyed by job id (one job's events stay in order on one partition). */
    CompletionStage<Void> jobEvent(JobEvent event);

    /** To the models topic, keyed by model name. */
    CompletionStage<Void> modelPublished(ModelPublished model);
}
