package dev.spacetime.trainer.messaging;

import dev.spacetime.trainer.service.InvalidJobException;
import dev.spacetime.trainer.service.JobDelivery;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/** A job record from Kafka as a {@link JobDelivery}: ack commits it (throttled), reject dead-letters it. */
final class KafkaJobDelivery implements JobDelivery {

    /** Header on the dead-letter record naming the bad field (beside the connector's {@code dead-letter-reason}). */
    static final String FIELD_HEADER = "spacetime-invalid-field";

    private final Message<String> message;
    private final IncomingKafkaRecordMetadata<?, ?> meta;

    KafkaJobDelivery(Message<String> message) {
        this.message = message;
        this.meta = message.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
    }

    @Override
    public String key() {
        Object k = meta == null ? null : meta.getKey();
        return k == null ? null : k.toString();
    }

    @Override
    public String value() {
        return message.getPayload();
    }

    @Override
    public String describe() {
        return meta == null ? "job record" : meta.getTopic() + "-" + meta.getPartition() + "@" + meta.getOffset();
    }

    @Override
    public CompletionStage<Void> ack() {
        return message.ack();
    }

    @Override
    public CompletionStage<Void> reject(InvalidJobException reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(FIELD_HEADER, reason.field().getBytes(StandardCharsets.UTF_8));
        return message.nack(reason, Metadata.of(OutgoingKafkaRecordMetadata.builder().withHeaders(headers).build()));
    }
}
