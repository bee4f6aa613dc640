package dev.spacetime.inference.messaging;

import dev.spacetime.contracts.Json;
import dev.spacetime.contracts.ModelRetired;
import dev.spacetime.contracts.ModelTopicRecord;
import dev.spacetime.contracts.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Writes {@link ModelRetired} records to {@link Topics#MODELS}, keyed by model name (so they land on the partition of
 * the model's announcements, after them), the type in the {@link ModelTopicRecord#HEADER} header. The returned Uni
 * completes when the broker acknowledged the record ({@code acks=all}), and fails after {@link #ACK_TIMEOUT}.
 */
@ApplicationScoped
public class RetirementPublisher {

    /**
     * The most a DELETE waits for the broker. The channel's {@code delivery.timeout.ms} (10 s) is shorter, so the
     * producer gives up on the record first and a DELETE answered with an error is not retired later after all.
     */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);

    private final MutinyEmitter<String> retirements;

    public RetirementPublisher(@Channel("model-retirements") MutinyEmitter<String> retirements) {
        this.retirements = retirements;
    }

    public Uni<Void> publish(ModelRetired r) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ModelTopicRecord.HEADER, ModelTopicRecord.RETIRED.headerValue());
        OutgoingKafkaRecordMetadata<String> meta = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(r.modelName()).withHeaders(headers).build();
        return retirements.sendMessage(Message.of(Json.write(r)).addMetadata(meta))
                .ifNoItem().after(ACK_TIMEOUT).fail();
    }
}
