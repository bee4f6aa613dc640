package dev.spacetime.trainer;

import dev.spacetime.contracts.JobEvent;
import dev.spacetime.contracts.JobEventType;
import dev.spacetime.stack.StackTestResource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Job overhead, measured on the packaged trainer (a child process) and the real broker: submit (POST /jobs) to the
 * STARTED event, and the last epoch's PROGRESS event to COMPLETED. Not a test: the pom excludes it from the normal
 * failsafe run; started by name ({@code -Dit.test=JobOverheadBenchIT}), it writes {@code bench/results/trainer-service-job-overhead.md}.
 *
 * <pre>./mvnw -B -pl trainer-service -am verify -Dit.test=JobOverheadBenchIT -DskipTests=false</pre>
 */
class JobOverheadBenchIT {

    @TempDir
    Path dir;

    record Sample(double submitToStartedMs, double lastEpochToCompletedMs) {
    }

    @Test
    void jobOverhead() throws Exception {
        int jobs = Integer.getInteger("bench.jobs", 20);
        Path artifacts = Files.createDirectories(dir.resolve("artifacts"));
        StringBuilder md = new StringBuilder();
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
        List<String> sections = new ArrayList<>();
        try (TrainerProcess t = TrainerProcess.start("trainer-bench", artifacts, dir, Map.of())) {
            // Warm-up: the first jobs pay for class loading and JIT.
            for (int i = 0; i < 5; i++) {
                measure(t, "{\"model\":\"iris\",\"dataset\":\"iris\",\"hyperparameters\":{\"epochs\":\"3\",\"latency-calls\":\"0\"}}");
            }
            sections.add(run(t, jobs, "iris, 3 epochs, no latency probe (service overhead only)",
                    "{\"model\":\"iris\",\"dataset\":\"iris\",\"hyperparameters\":{\"epochs\":\"3\",\"latency-calls\":\"0\"}}"));
            sections.add(run(t, jobs, "iris, 3 epochs, latency probe of 1,000 calls (engine's inference timing in the tail)",
                    "{\"model\":\"iris\",\"dataset\":\"iris\",\"hyperparameters\":{\"epochs\":\"3\",\"latency-calls\":\"1000\"}}"));
            if (Boolean.getBoolean("bench.mnist")) {
                sections.add(run(t, Math.min(jobs, 10), "MNIST standard-small, train-limit 2,000, 2 epochs, no latency "
                        + "probe (data cached after the first job)",
                        "{\"model\":\"standard-small\",\"dataset\":\"mnist\",\"hyperparameters\":{\"epochs\":\"2\","
                                + "\"train-limit\":\"2000\",\"latency-calls\":\"0\"}}"));
            }
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(t.url() + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            sections.add("Trainer-side timers (`/q/metrics`, all jobs incl. warm-up):\n\n```\n"
                    + metrics.body().lines().filter(l -> l.startsWith("spacetime_trainer_job_start_overhead_seconds")
                            || l.startsWith("spacetime_trainer_job_finish_overhead_seconds"))
                    .filter(l -> !l.contains("_bucket")).reduce((a, b) -> a + "\n" + b).orElse("") + "\n```\n");
        }
        String loadAfter = Files.readString(Path.of("/proc/loadavg")).strip();
        md.append("# trainer-service: job overhead\n\n")
                .append("Measured ").append(Instant.now()).append(" on this machine: ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores; /proc/loadavg before `")
                .append(loadBefore).append("`, after `").append(loadAfter).append("` (other builds share the cores).\n\n")
                .append("One trainer process (packaged jar, `concurrent-jobs=1`, `threads-per-job=1`), the project's Kafka ")
                .append("broker on 127.0.0.1, jobs submitted one after another over REST (`POST /jobs`).\n\n")
                .append("- **submit → STARTED**: client clock before `POST /jobs` to the STARTED event's `at` (REST ")
                .append("validation, publish with acks=all, consumer fetch, lease, data (cached), model build).\n")
                .append("- **last epoch → COMPLETED**: the last epoch's PROGRESS `at` to COMPLETED `at` (engine: test ")
                .append("evaluation and the latency probe when asked for; service: model file, SHA-256, completion marker, ")
                .append("ModelPublished acknowledged).\n\n")
                .append("Command: `./mvnw -B -pl trainer-service -am verify -Dit.test=JobOverheadBenchIT`")
                .append(" (add `-Dbench.mnist=true` for the MNIST row).\n\n");
        sections.forEach(s -> md.append(s).append('\n'));
        Path out = Path.of(System.getProperty("bench.out", "../bench/results/trainer-service-job-overhead.md"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md.toString());
        System.out.println(md);
    }

    private String run(TrainerProcess t, int n, String title, String body) throws Exception {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            samples.add(measure(t, body));
        }
        double[] start = samples.stream().mapToDouble(Sample::submitToStartedMs).sorted().toArray();
        double[] finish = samples.stream().mapToDouble(Sample::lastEpochToCompletedMs).sorted().toArray();
        return String.format(Locale.ROOT, "## %s (%d jobs)\n\n| | p50 | p90 | max | target |\n|---|---|---|---|---|\n"
                        + "| submit → STARTED (ms) | %.1f | %.1f | %.1f | ≤ 200 |\n"
                        + "| last epoch → COMPLETED (ms) | %.1f | %.1f | %.1f | ≤ 200 |\n",
                title, n, pct(start, 0.5), pct(start, 0.9), start[start.length - 1],
                pct(finish, 0.5), pct(finish, 0.9), finish[finish.length - 1]);
    }

    private static double pct(double[] sorted, double q) {
        return sorted[(int) Math.ceil(q * (sorted.length - 1))];
    }

    private static final Pattern JOB_ID = Pattern.compile("\"jobId\"\\s*:\\s*\"([^\"]+)\"");

    private Sample measure(TrainerProcess t, String body) throws Exception {
        Instant before = Instant.now();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(t.url() + "/jobs"))
                .header("Authorization", "Bearer " + StackTestResource.API_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = JOB_ID.matcher(r.body());
        if (r.statusCode() != 202 || !m.find()) {
            throw new AssertionError("submit failed: " + r.statusCode() + " " + r.body());
        }
        List<JobEvent> events = TestJobs.awaitFinal(m.group(1));
        JobEvent started = events.stream().filter(e -> e.type() == JobEventType.STARTED).findFirst().orElseThrow();
        JobEvent completed = events.getLast();
        if (completed.type() != JobEventType.COMPLETED) {
            throw new AssertionError("job did not complete: " + events);
        }
        JobEvent lastEpoch = events.stream().filter(e -> e.type() == JobEventType.PROGRESS).reduce((a, b) -> b).orElseThrow();
        return new Sample(Duration.between(before, started.at()).toNanos() / 1e6,
                Duration.between(lastEpoch.at(), completed.at()).toNanos() / 1e6);
    }
}
