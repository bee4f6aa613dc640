package dev.spacetime.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spacetime.contracts.JobEvent;
import dev.spacetime.contracts.JobEventType;
import dev.spacetime.contracts.Topics;
import dev.spacetime.stack.StackTestResource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two trainer processes in one consumer group share a sweep; every job runs exactly once. */
class TwoTrainersIT {

    @TempDir
    Path dir;

    @Test
    void twoTrainersShareASweepAndRunEachJobOnce() throws Exception {
        Path artifacts = Files.createDirectories(dir.resolve("artifacts"));
        String sweep = TestJobs.id("shared");
        try (TrainerProcess a = TrainerProcess.launch("trainer-1", artifacts, dir, Map.of());
             TrainerProcess b = TrainerProcess.launch("trainer-2", artifacts, dir, Map.of())) {
            a.awaitReady();
            b.awaitReady();
            ITSupport.awaitGroup(2, Duration.ofSeconds(60));
            String body = "{\"sweepId\":\"" + sweep + "\",\"base\":{\"model\":\"iris\",\"dataset\":\"iris\","
                    + "\"hyperparameters\":{\"epochs\":\"300\",\"batch\":\"4\",\"latency-calls\":\"0\"}},"
                    + "\"grid\":{\"lr\":[\"0.01\",\"0.003\"],\"batch\":[\"4\",\"8\"]},\"seeds\":2}";
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(a.url() + "/sweeps"))
                    .header("Authorization", "Bearer " + StackTestResource.API_TOKEN)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, r.statusCode(), r.body());

            List<ConsumerRecord<String, String>> records = StackTestResource.consumeUntil(Topics.JOB_EVENTS, rs -> rs.stream()
                    .filter(x -> x.key().startsWith(sweep) && x.value().contains("\"COMPLETED\"")).count() >= 8,
                    Duration.ofSeconds(180));
            Thread.sleep(2000);   // a job run twice would have sent its second STARTED/COMPLETED by now
            int seen = records.size();
            records = StackTestResource.consumeUntil(Topics.JOB_EVENTS, rs -> rs.size() >= seen, Duration.ofSeconds(30));
            Map<String, List<JobEvent>> byJob = records.stream().filter(x -> x.key().startsWith(sweep))
                    .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.mapping(
                            x -> dev.spacetime.contracts.Json.read(x.value(), JobEvent.class), Collectors.toList())));
            assertEquals(8, byJob.size(), byJob.keySet().toString());
            byJob.forEach((id, es) -> {
                assertEquals(1, TestJobs.count(es, JobEventType.STARTED), id + " started once: " + es);
                assertEquals(1, TestJobs.count(es, JobEventType.COMPLETED), id + " completed once: " + es);
            });
            Set<String> workers = byJob.values().stream().flatMap(List::stream)
                    .filter(e -> e.type() == JobEventType.COMPLETED).map(JobEvent::worker).collect(Collectors.toSet());
            assertEquals(Set.of("trainer-1", "trainer-2"), workers, "both trainers ran part of the sweep");
        }
    }
}
