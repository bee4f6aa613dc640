package dev.spacetime.results.messaging;

import dev.spacetime.contracts.JobEvent;
import dev.spacetime.contracts.ModelPublished;
import dev.spacetime.contracts.ModelRetired;
import dev.spacetime.contracts.ModelTopicRecord;
import dev.spacetime.results.service.IngestService;
import dev.spacetime.results.service.WireRecords;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The only Kafka consumer of results-service. Each poll of the job-event topic arrives as one batch; the events are
 * stored in one transaction, then the poison records of the batch are dead-lettered (the channel's
 * {@code dead-letter-queue} failure strategy, the reason in the {@code dead-letter-reason} header), and only then is
 * the batch acknowledged, so its offsets are committed after the database commit and never before.
 *
 * <p>{@code @Blocking}: JDBC runs on worker threads, and a database outage blocks this method (retrying) rather
 * than the event loop; the consumer pauses its partitions meanwhile instead of acknowledging or dead-lettering.
 */
@ApplicationScoped
public class EventListener {

    private static final Logger LOG = Logger.getLogger(EventListener.class);
    /**
     * Batches are written by this worker pool, {@code smallrye.messaging.worker.results-ingest.max-concurrency} at a
     * time (2: PostgreSQL then uses both cores of a small machine). Two batches may then commit in either order; the
     * stored state does not depend on it (see EventStore), and the throttled commit strategy still commits an offset
     * only when every record before it is acknowledged.
     */
    static final String INGEST_POOL = "results-ingest";

    @Inject
    IngestService ingest;

    private final Counter deadLettered;

    @Inject
    EventListener(MeterRegistry registry) {
        deadLettered = Counter.builder("spacetime.results.events.dead.lettered")
                .description("Records sent to the dead-letter topic (malformed, invalid or refused by the database)")
                .register(registry);
    }

    @Incoming("job-events")
    @Blocking(value = INGEST_POOL, ordered = false)
    public CompletionStage<Void> onEvents(KafkaRecordBatch<String, String> batch) {
        List<JobEvent> events = new ArrayList<>();
        Map<JobEvent, KafkaRecord<String, String>> origin = new IdentityHashMap<>();
        List<CompletableFuture<Void>> poison = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            WireRecords.Parsed<JobEvent> p = WireRecords.jobEvent(record.getPayload());
            if (p.ok()) {
                events.add(p.value());
                origin.put(p.value(), record);
            } else {
                poison.add(deadLetter(record, p.reason()));
            }
        }
        IngestService.Outcome outcome;
        try {
            outcome = ingest.ingest(events);
        } catch (InterruptedException e) {
            // Shutting down while the database is away: neither acknowledge (that would commit offsets of events
            // not stored) nor dead-letter (they are good). Left pending, the batch is redelivered after the restart.
            Thread.currentThread().interrupt();
            return new CompletableFuture<>();
        }
        outcome.rejected().forEach(r -> poison.add(deadLetter(origin.get(r.event()), r.reason())));
        CompletableFuture.allOf(poison.toArray(CompletableFuture[]::new)).join();
        return batch.ack();
    }

    /**
     * Announcements and retirements, one at a time in topic order ({@code @Blocking} is ordered): a model's
     * retirement follows its announcement on its partition, so the version's row exists when the retirement comes.
     */
    @Incoming("models")
    @Blocking
    public CompletionStage<Void> onModel(KafkaRecord<String, String> record) {
        Header type = record.getHeaders().lastHeader(ModelTopicRecord.HEADER);
        WireRecords.Parsed<Record> p = WireRecords.modelTopic(type == null ? null : type.value(), record.getPayload());
        if (!p.ok()) {
            return deadLetter(record, p.reason());
        }
        try {
            if (p.value() instanceof ModelRetired retirement) {
                ingest.ingest(retirement);
            } else {
                ingest.ingest((ModelPublished) p.value());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CompletableFuture<>();
        }
        return record.ack();
    }

    private CompletableFuture<Void> deadLetter(KafkaRecord<String, String> record, String reason) {
        String offset = record instanceof IncomingKafkaRecord<String, String> in ? "@" + in.getOffset() : "";
        LOG.warnf("dead-lettering %s-%d%s (key %s): %s", record.getTopic(), record.getPartition(), offset,
                record.getKey(), reason);
        deadLettered.increment();
        return record.nack(new PoisonRecordException(reason)).toCompletableFuture();
    }
}
