package dev.spacetime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spacetime.contracts.Topics;
import dev.spacetime.stack.KafkaClients;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * The job-events topic, followed live without a consumer group (nothing committed, nothing left behind): from a
 * point in time (a submission's) or from the beginning (watching an older job). Events are JSON trees, so a newer
 * trainer's extra fields pass through.
 */
final class JobEventStream implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final KafkaConsumer<String, String> consumer;

    JobEventStream(String bootstrap, Instant from) {
        this.consumer = KafkaClients.consumer(bootstrap, null);
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.JOB_EVENTS, Duration.ofSeconds(15)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        if (partitions.isEmpty()) {
            throw new UserError("topic " + Topics.JOB_EVENTS + " does not exist on " + bootstrap + ": is this the stack's broker?");
        }
        consumer.assign(partitions);
        if (from == null) {
            consumer.seekToBeginning(partitions);
        } else {
            // A partition without an event since `from` is read from its end offset as of NOW, looked up before the
            // time query: seekToEnd would resolve the end only at the first poll, and skip the events a fast job
            // sent meanwhile (all of them, COMPLETED included, and --wait would never end).
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(15));
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(p -> times.put(p, from.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times, Duration.ofSeconds(15));
            for (TopicPartition p : partitions) {
                OffsetAndTimestamp o = offsets.get(p);
                consumer.seek(p, o == null ? ends.get(p) : o.offset());
            }
        }
    }

    /**
     * Hands every event to {@code onEvent} until {@code done} says stop (checked after each poll) or the time runs
     * out; returns false on time-out.
     */
    boolean follow(java.util.function.Consumer<JsonNode> onEvent, java.util.function.BooleanSupplier done, Duration timeout) {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                try {
                    onEvent.accept(MAPPER.readTree(r.value()));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    // not an event this CLI can read; skip it
                }
            }
        }
        return true;
    }

    static boolean isFinal(String type) {
        return type.equals("COMPLETED") || type.equals("FAILED") || type.equals("CANCELLED");
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
