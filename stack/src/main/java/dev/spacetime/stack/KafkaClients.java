package dev.spacetime.stack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plain Kafka clients for a bootstrap address, with string keys and values (the platform's wire format is JSON text):
 * for tests, the CLI and health checks. Every client returned here is the caller's to close.
 */
public final class KafkaClients {

    private KafkaClients() {
    }

    public static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "spacetime-stack-admin");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        return Admin.create(p);
    }

    /** An idempotent producer that waits for the write to be acknowledged ({@code acks=all}). */
    public static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /**
     * A consumer; {@code groupId} null means no group (use {@code assign}, no offsets committed), which is what a test
     * that reads a topic from the beginning wants.
     */
    public static KafkaConsumer<String, String> consumer(String bootstrap, String groupId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        if (groupId != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        } else {
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        }
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    /** Sends one record (key may be null) with optional string headers and waits for the broker's acknowledgement. */
    public static RecordMetadata produce(String bootstrap, String topic, String key, String value,
            Map<String, String> headers) {
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            return send(producer, topic, key, value, headers);
        }
    }

    /** Sends one record on an open producer and waits for the acknowledgement. */
    public static RecordMetadata send(KafkaProducer<String, String> producer, String topic, String key, String value,
            Map<String, String> headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((k, v) -> record.headers().add(k, v.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        try {
            return producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while producing to " + topic, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new StackException("cannot produce to " + topic + ": " + e.getCause(), e.getCause());
        }
    }

    /**
     * Reads {@code topic} from the beginning of every partition (no consumer group) until {@code done} holds for the
     * records read so far, and returns them in the order read; when the time runs out first it returns what it saw,
     * with {@link Read#timedOut()} set (the caller decides whether that is a failure and can quote what arrived).
     */
    public static Read readUntil(String bootstrap, String topic, Predicate<List<ConsumerRecord<String, String>>> done,
            Duration timeout) {
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap, null)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(pi -> new TopicPartition(pi.topic(), pi.partition())).toList();
            if (partitions.isEmpty()) {
                throw new StackException("topic " + topic + " does not exist on " + bootstrap);
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!done.test(seen)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return new Read(List.copyOf(seen), true);
                }
                consumer.poll(Duration.ofNanos(Math.min(left, Duration.ofMillis(200).toNanos())))
                        .forEach(seen::add);
            }
            return new Read(List.copyOf(seen), false);
        }
    }

    /** What {@link #readUntil} read: the records in the order read, and whether the time ran out first. */
    public record Read(List<ConsumerRecord<String, String>> records, boolean timedOut) {
    }
}
