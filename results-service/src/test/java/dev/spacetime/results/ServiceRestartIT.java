package dev.spacetime.results;

import static dev.spacetime.results.TestEvents.attributes;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.contracts.JobEvent;
import dev.spacetime.contracts.Json;
import dev.spacetime.contracts.Topics;
import dev.spacetime.stack.StackKeys;
import dev.spacetime.stack.StackTestResource;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged service (target/quarkus-app, as the local stack runs it) is killed with SIGKILL while events stream in,
 * then started again: every event is stored exactly once. Offsets the dead instance had not committed are redelivered
 * to the new one, which drops what it already has.
 */
class ServiceRestartIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final int JOBS = 60;
    private static final int EPOCHS = 9;
    private static final int PER_JOB = EPOCHS + 3;

    private final List<Process> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AfterEach
    void stopServices() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void killMinus9MidStreamThenRestartLosesAndDuplicatesNothing() throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR + " is built by the package phase before this test");
        String prefix = TestEvents.uid("svcrestart");
        List<JobEvent> events = interleaved(prefix);
        int port = freePort();

        Process first = start(port, 1);
        awaitReady(port, first);
        AtomicInteger sent = new AtomicInteger();
        Thread producer = Thread.ofPlatform().name("it-producer").start(() -> stream(events, sent));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> stored(prefix) >= 150);
        first.destroyForcibly();                                   // SIGKILL: no shutdown hook, no final commit
        assertTrue(first.waitFor(10, TimeUnit.SECONDS));
        long atKill = stored(prefix);
        assertTrue(atKill < events.size(), "the kill came mid-stream (" + atKill + " of " + events.size() + " stored)");

        Process second = start(port, 2);
        awaitReady(port, second);
        producer.join(Duration.ofSeconds(60));
        assertEquals(events.size(), sent.get());
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> stored(prefix) == events.size());

        assertEquals((long) JOBS * PER_JOB, stored(prefix));
        assertEquals((long) JOBS, TestEvents.count("SELECT count(*) FROM results.jobs WHERE job_id LIKE ? "
                + "AND status = 'COMPLETED'", prefix + "-%"));
        assertEquals((long) JOBS * EPOCHS * 4, TestEvents.count("SELECT count(*) FROM results.epoch_metrics "
                + "WHERE job_id LIKE ?", prefix + "-%"));
        assertEquals((long) JOBS, TestEvents.count("SELECT count(*) FROM results.run_results WHERE job_id LIKE ?",
                prefix + "-%"));
        String metrics = get(port, "/q/metrics").body();
        System.out.println("stored at the kill: " + atKill + " of " + events.size() + "; second instance: "
                + metrics.lines().filter(l -> l.startsWith("spacetime_results_events_")).toList());
    }

    private static List<JobEvent> interleaved(String prefix) {
        List<List<JobEvent>> runs = new ArrayList<>();
        for (int j = 0; j < JOBS; j++) {
            runs.add(TestEvents.run(prefix + "-" + j, prefix, attributes("mlp", "mnist", j, prefix), EPOCHS,
                    Map.of("test_accuracy", 0.9, "params", 1000.0, "train_seconds", 2.0)));
        }
        List<JobEvent> out = new ArrayList<>();
        for (int i = 0; i < PER_JOB; i++) {
            for (List<JobEvent> run : runs) {
                out.add(run.get(i));
            }
        }
        return out;
    }

    /** About 150 events/s, in small bursts, so that the kill and the restart both happen while events flow. */
    private static void stream(List<JobEvent> events, AtomicInteger sent) {
        try (KafkaProducer<String, String> p = StackTestResource.producer()) {
            for (JobEvent e : events) {
                p.send(new ProducerRecord<>(Topics.JOB_EVENTS, e.jobId(), Json.write(e)));
                if (sent.incrementAndGet() % 15 == 0) {
                    p.flush();
                    Thread.sleep(100);
                }
            }
            p.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Process start(int port, int n) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        cmd.add("-Xmx512m");
        Map<String, String> config = new java.util.LinkedHashMap<>(StackTestResource.config());
        config.remove(StackKeys.API_TOKEN);
        config.put(StackKeys.HTTP_PORT, Integer.toString(port));
        // A killed member leaves the group only when its session times out; keep that short for the restart.
        for (String channel : List.of("job-events", "models")) {
            config.put("mp.messaging.incoming." + channel + ".session.timeout.ms", "6000");
            config.put("mp.messaging.incoming." + channel + ".heartbeat.interval.ms", "1000");
        }
        config.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(JAR.toString());
        Path log = Path.of("target", "service-restart-it-" + n + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put(StackKeys.env(StackKeys.API_TOKEN), StackTestResource.API_TOKEN);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private void awaitReady(int port, Process p) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            assertTrue(p.isAlive(), "the service exited during start-up; see target/service-restart-it-*.log");
            try {
                return get(port, "/q/health/ready").statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long stored(String prefix) {
        try {
            return TestEvents.count("SELECT count(*) FROM results.job_events WHERE job_id LIKE ?", prefix + "-%");
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
