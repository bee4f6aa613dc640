package dev.spacetime.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.contracts.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/** The shared test broker: a real Kafka 4.4 KRaft broker in a child JVM. */
class KafkaBrokerTest {

    @Test
    void everyPlatformTopicExistsWithItsPartitions() throws Exception {
        try (Admin admin = StackTestResource.admin()) {
            Map<String, TopicDescription> topics = admin.describeTopics(Topics.ALL).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            assertEquals(Topics.ALL.size(), topics.size());
            for (String t : Topics.ALL) {
                assertEquals(Topics.partitions(t), topics.get(t).partitions().size(), t);
                topics.get(t).partitions().forEach(p -> assertEquals(1, p.replicas().size(), t + " replicas"));
            }
            assertEquals(6, topics.get(Topics.JOBS).partitions().size());
        }
    }

    @Test
    void recordsRoundTripWithKeyValueAndHeaders() {
        String key = "job-" + System.nanoTime();
        RecordMetadata md = StackTestResource.produce(Topics.JOBS, key, "{\"raw\":true}", Map.of("reason", "test"));
        assertEquals(Topics.JOBS, md.topic());

        ConsumerRecord<String, String> r = StackTestResource.awaitRecord(Topics.JOBS, rec -> key.equals(rec.key()),
                Duration.ofSeconds(20));
        assertEquals("{\"raw\":true}", r.value());
        assertEquals(md.partition(), r.partition());
        assertEquals(md.offset(), r.offset());
        assertEquals("test", new String(r.headers().lastHeader("reason").value()));
    }

    @Test
    void consumeUntilFailsWithWhatItSaw() {
        String key = "only-" + System.nanoTime();
        StackTestResource.produce(Topics.CONTROL, key, "cancel-me");
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> StackTestResource.consumeUntil(Topics.CONTROL, rs -> rs.size() > 1_000, Duration.ofSeconds(2)));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    @Test
    void createTopicsIsIdempotent() {
        KafkaBroker broker = StackTestResource.broker();
        broker.createTopics(Topics.ALL);
        broker.createTopics(List.of(Topics.JOBS));
        assertTrue(broker.isRunning());
    }

    @Test
    void aThrowAwayBrokerStopsOnSigtermAndDeletesItsFolder() {
        KafkaBroker broker = KafkaBroker.builder().topics(List.of()).start();
        ProcessHandle jvm = broker.process();
        assertTrue(jvm.isAlive());
        broker.stop();
        assertFalse(ChildProcesses.alive(jvm), "the broker JVM is gone after stop()");
        assertFalse(java.nio.file.Files.exists(broker.home()), "the temp folder is deleted");
        broker.stop();
    }

    @Test
    void clusterIdsNeverLookLikeAnOptionToTheStorageTool() {
        // 1 in 64 raw ids starts with '-': 5,000 draws meet ~78 of them, so the old generator fails this for sure.
        for (int i = 0; i < 5_000; i++) {
            String id = KafkaBroker.Builder.clusterId();
            assertFalse(id.startsWith("-"), id);
            assertEquals(16, java.util.Base64.getUrlDecoder().decode(id).length, id);
        }
    }
}
