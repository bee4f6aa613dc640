package dev.spacetime.trainer.service;

import java.util.concurrent.CompletionStage;

/**
 * One delivery of a job record, as the service sees it (the messaging layer adapts the Kafka message). A delivery is
 * acknowledged only when its job reached a final state, so a trainer that dies leaves it uncommitted and Kafka hands
 * it out again.
 */
public interface JobDelivery {

    /** The record key (the job id by contract), or null. */
    String key();

    /** The raw record value, or null when it could not even be read as text. */
    String value();

    /** {@code topic-partition@offset}, for logs. */
    String describe();

    /** The job reached a final state: the record may be committed. */
    CompletionStage<Void> ack();

    /** The record is poison: it goes to the dead-letter topic with {@code reason} in a header, then is committed. */
    CompletionStage<Void> reject(InvalidJobException reason);
}
