package dev.spacetime.inference.messaging;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The few broker questions the consumer itself cannot answer: end offsets at start-up, and topic creation. */
@ApplicationScoped
public class KafkaAdmin {

    private final String bootstrapServers;
    private Admin admin;

    public KafkaAdmin(@ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** End offset of every partition of {@code topic}; an absent topic has none. */
    public Map<Integer, Long> endOffsets(String topic, Duration timeout) throws Exception {
        Admin a = admin();
        TopicDescription d;
        try {
            d = a.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Map.of();
            }
            throw e;
        }
        Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
        d.partitions().forEach(p -> ask.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<Integer, Long> ends = new HashMap<>();
        a.listOffsets(ask).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
        return ends;
    }

    /** Creates {@code topic} with the broker's default partitions and replication unless it exists. */
    public boolean ensureTopic(String topic, Duration timeout) throws InterruptedException, TimeoutException, ExecutionException {
        try {
            admin().createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())))
                    .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw e;
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.CLIENT_ID_CONFIG, "spacetime-inference-admin",
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }
}
