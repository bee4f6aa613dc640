package dev.spacetime.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spacetime.contracts.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack end to end with real processes: up starts Kafka, PostgreSQL and a (stand-in) service; up again
 * reuses them; down stops every recorded pid; the next up finds the data of the last one.
 */
class LocalStackTest {

    @TempDir
    Path tmp;

    @Test
    void upIsIdempotentDownStopsEverythingAndDataSurvives() throws Exception {
        Path dir = tmp.resolve("stack");
        Path fakeJar = FakeService.jar(tmp);
        int port = Ports.free();
        List<ServiceSpec> services = List.of(
                ServiceSpec.of("trainer", fakeJar, port, false),
                ServiceSpec.of("results", fakeJar, Ports.free(), true),
                ServiceSpec.of("inference", tmp.resolve("not-built/quarkus-run.jar"), Ports.free(), false));
        List<String> progress = new ArrayList<>();
        LocalStack stack = LocalStack.builder().dir(dir).kafkaPort(0).postgresPort(0).services(services)
                .healthTimeout(Duration.ofSeconds(60)).progress(progress::add).build();
        try {
            StackStatus up = stack.up();
            assertTrue(up.healthy(), up + "\n" + progress);
            assertEquals(Health.UP, up.components().get("kafka"));
            assertEquals(Health.UP, up.components().get("postgres"));
            assertEquals(Health.UP, up.components().get("trainer"));
            assertEquals(Health.UP, up.components().get("results"));
            assertEquals(Health.SKIPPED, up.components().get("inference"));
            assertTrue(progress.stream().anyMatch(l -> l.contains("skipping inference") && l.contains("not-built")),
                    progress.toString());

            Map<String, Object> json = stack.status().toJson();
            assertEquals("http://127.0.0.1:" + port, json.get("trainer_url"));
            assertTrue(json.containsKey("results_url") && json.containsKey("inference_url"), json.toString());
            assertTrue(((String) json.get("kafka_bootstrap")).startsWith("127.0.0.1:"), json.toString());
            assertTrue(((String) json.get("jdbc_url")).endsWith("/" + Postgres.DATABASE), json.toString());
            assertEquals(Map.of("kafka", "UP", "postgres", "UP", "trainer", "UP", "results", "UP",
                    "inference", "SKIPPED"), json.get("components"));

            // What a service is handed: Kafka, the artifact store and the token; the database only if it has one.
            String trainerConfig = get("http://127.0.0.1:" + port + "/config");
            assertTrue(trainerConfig.contains("kafka=" + up.kafkaBootstrap()), trainerConfig);
            assertTrue(trainerConfig.contains("artifacts=" + stack.artifactDir()), trainerConfig);
            assertTrue(trainerConfig.contains("token=" + stack.apiToken()), trainerConfig);
            assertTrue(trainerConfig.contains("jdbc=null"), trainerConfig);
            String resultsConfig = get(up.serviceUrls().get("results") + "/config");
            assertTrue(resultsConfig.contains("jdbc=" + up.jdbcUrl()), resultsConfig);
            assertTrue(resultsConfig.contains("user=spacetime") && resultsConfig.contains("password=spacetime"),
                    resultsConfig);

            Map<String, Long> pids = pids(dir);
            assertEquals(4, pids.size(), pids.toString());
            StackStatus again = stack.up();
            assertTrue(again.healthy());
            assertEquals(pids, pids(dir), "a second up reuses every running process");

            // A service that cannot start is named, with its log.
            LocalStack withBroken = LocalStack.builder().dir(dir).kafkaPort(0).postgresPort(0)
                    .services(List.of(new ServiceSpec("broken", fakeJar, Ports.free(), false, Map.of(),
                            Map.of("fake.fail", "true"), List.of(), null)))
                    .healthTimeout(Duration.ofSeconds(30)).build();
            StackException broken = assertThrows(StackException.class, withBroken::up);
            assertTrue(broken.getMessage().startsWith("broken exited during start-up (exit 3)"), broken.getMessage());
            assertTrue(broken.getMessage().contains(dir.resolve("logs/broken.log").toString()), broken.getMessage());
            assertTrue(broken.getMessage().contains("refusing to start"), broken.getMessage());

            // Data written now must be there after down + up.
            StackTestResourceLike.produce(up.kafkaBootstrap(), "kept-across-restart");
            try (Connection c = Postgres.connect(up.jdbcUrl(), Postgres.OWNER, Postgres.DEFAULT_PASSWORD);
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept (v text)");
                s.execute("INSERT INTO kept VALUES ('yes')");
            }

            List<String> stopped = stack.down();
            assertEquals(4, stopped.size(), stopped.toString());
            for (var e : pids.entrySet()) {
                // Zombies count as gone: PID 1 reaps the postmaster (pg_ctl's orphan) in its own time.
                assertFalse(ProcessHandle.of(e.getValue()).map(ChildProcesses::alive).orElse(false),
                        e.getKey() + " (pid " + e.getValue() + ") is gone");
            }
            assertFalse(Files.exists(stack.stateFile()));
            StackStatus after = stack.status();
            assertTrue(after.components().values().stream().allMatch(h -> h == Health.STOPPED), after.toString());
            assertNull(after.kafkaBootstrap());
            assertTrue(stack.down().isEmpty(), "a second down has nothing to stop");

            StackStatus restarted = LocalStack.builder().dir(dir).kafkaPort(0).postgresPort(0).services(List.of())
                    .build().up();
            assertTrue(restarted.healthy());
            assertTrue(StackTestResourceLike.seen(restarted.kafkaBootstrap(), "kept-across-restart"));
            try (Connection c = Postgres.connect(restarted.jdbcUrl(), Postgres.OWNER, Postgres.DEFAULT_PASSWORD);
                    Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
                assertTrue(rs.next());
                assertEquals("yes", rs.getString(1));
            }
        } finally {
            stack.down();
        }
    }

    /** pid per component, from the state file. */
    private static Map<String, Long> pids(Path dir) throws IOException {
        JsonNode state = new ObjectMapper().readTree(dir.resolve("state.json").toFile());
        Map<String, Long> pids = new java.util.TreeMap<>();
        state.get("components").properties().forEach(e -> {
            if (e.getValue().get("pid").asLong() > 0) {
                pids.put(e.getKey(), e.getValue().get("pid").asLong());
            }
        });
        return pids;
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    /** Kafka round trip on a given bootstrap address (the stack's broker, not the shared test one). */
    private static final class StackTestResourceLike {
        static void produce(String bootstrap, String value) {
            KafkaClients.produce(bootstrap, Topics.MODELS, "k", value, Map.of());
        }

        static boolean seen(String bootstrap, String value) {
            return !KafkaClients.readUntil(bootstrap, Topics.MODELS,
                    rs -> rs.stream().anyMatch(r -> value.equals(r.value())), Duration.ofSeconds(20)).timedOut();
        }
    }
}
