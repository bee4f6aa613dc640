package dev.spacetime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spacetime.contracts.Topics;
import dev.spacetime.stack.KafkaBroker;
import dev.spacetime.stack.KafkaClients;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code submit --wait} follows the events from the submission on, on a real broker. */
class JobEventStreamTest {

    /**
     * A job that ends quickly sends all its events between the moment the stream looked for events since the
     * submission (there were none) and its first poll; they must still be read, or {@code --wait} never ends.
     */
    @Test
    void eventsSentRightAfterTheStreamOpenedAreRead() {
        try (KafkaBroker broker = KafkaBroker.start()) {
            List<JsonNode> seen = new ArrayList<>();
            try (JobEventStream events = new JobEventStream(broker.bootstrapServers(), Instant.now())) {
                KafkaClients.produce(broker.bootstrapServers(), Topics.JOB_EVENTS, "job-fast",
                        "{\"jobId\":\"job-fast\",\"sequence\":1,\"type\":\"COMPLETED\"}", Map.of());
                boolean done = events.follow(seen::add, () -> !seen.isEmpty(), Duration.ofSeconds(15));
                assertTrue(done, "the event sent after the stream opened was skipped");
            }
            assertEquals("job-fast", seen.getFirst().path("jobId").asText());
        }
    }
}
