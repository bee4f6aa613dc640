package dev.spacetime.inference.messaging;

import dev.spacetime.contracts.ModelTopicRecord;
import dev.spacetime.inference.service.InferenceMetrics;
import dev.spacetime.inference.service.InvalidAnnouncementException;
import dev.spacetime.inference.service.ModelRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The models topic, read whole by every instance (its own consumer group, earliest offset), in order: each
 * announcement is verified and loaded, or refused with the previous version still serving; each retirement takes its
 * version out of service for good. So every replica, and every restart replaying the topic, ends in the same state.
 * A record that is not a valid ModelPublished or ModelRetired is logged as FAILED and rethrown, which nacks it into
 * the dead-letter topic with the reason in its headers; the consumer goes on with the next record.
 */
@ApplicationScoped
public class ModelTopicListener {

    private static final Logger LOG = Logger.getLogger(ModelTopicListener.class);

    private final ModelTopicParser parser;
    private final ModelRegistry registry;
    private final ModelTopicProgress progress;
    private final InferenceMetrics metrics;

    public ModelTopicListener(ModelTopicParser parser, ModelRegistry registry, ModelTopicProgress progress,
                              InferenceMetrics metrics) {
        this.parser = parser;
        this.registry = registry;
        this.progress = progress;
        this.metrics = metrics;
    }

    /**
     * Blocking, and in order: loading reads the artifact from disk and hashes it, which must not run on the event
     * loop; one record at a time keeps the order of one model's announcements and retirements.
     */
    @Incoming("models")
    @Blocking
    public void onRecord(ConsumerRecord<String, String> record) {
        try {
            Header type = record.headers().lastHeader(ModelTopicRecord.HEADER);
            switch (parser.type(type == null ? null : type.value())) {
                case PUBLISHED -> registry.apply(parser.announcement(record.value()));
                case RETIRED -> registry.retire(parser.retirement(record.value()));
            }
        } catch (InvalidAnnouncementException e) {
            metrics.invalidAnnouncement();
            LOG.errorf("FAILED models record %s-%d@%d (key %s): %s; it goes to the dead-letter topic", record.topic(),
                    record.partition(), record.offset(), record.key(), e.getMessage());
            throw e;
        } finally {
            progress.processed(record.partition(), record.offset());
        }
    }
}
