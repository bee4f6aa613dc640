package dev.spacetime.trainer;

import dev.spacetime.stack.StackTestResource;
import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * The packaged trainer ({@code target/quarkus-app/quarkus-run.jar}) as a real child process, on the test JVM's broker:
 * started, probed until ready, and killed with SIGKILL ({@link Process#destroyForcibly()}) like a crashed pod.
 */
final class TrainerProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private TrainerProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("trainer.jar", "target/quarkus-app/quarkus-run.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the ITs with mvn verify (after package)");
        }
        return jar;
    }

    /** Starts a trainer named {@code name} that checkpoints every epoch and reports every epoch. */
    static TrainerProcess start(String name, Path artifacts, Path logDir, Map<String, String> extra) throws IOException {
        TrainerProcess t = launch(name, artifacts, logDir, extra);
        t.awaitReady(Duration.ofSeconds(90));
        return t;
    }

    /** Starts the process without waiting for it (start several at once, then {@link #awaitReady()} each). */
    static TrainerProcess launch(String name, Path artifacts, Path logDir, Map<String, String> extra) throws IOException {
        int port = freePort();
        Path log = logDir.resolve(name + ".log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "--add-modules", "jdk.incubator.vector",
                "-Xss8m",
                "-Xmx1g",
                "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=" + StackTestResource.bootstrapServers(),
                "-Dspacetime.artifact-dir=" + artifacts,
                "-Dspacetime.trainer.instance-id=" + name,
                "-Dspacetime.trainer.concurrent-jobs=1",
                "-Dspacetime.trainer.threads-per-job=1",
                "-Dspacetime.trainer.checkpoint-interval=0s",
                "-Dspacetime.trainer.progress-interval=0s",
                "-Dmp.messaging.connector.smallrye-kafka.auto.offset.reset=earliest"));
        extra.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar().toAbsolutePath().toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPACETIME_API_TOKEN", StackTestResource.API_TOKEN);
        return new TrainerProcess(name, pb.start(), port, log);
    }

    TrainerProcess awaitReady() {
        awaitReady(Duration.ofSeconds(90));
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook runs, nothing is committed, the lease lock dies with the process. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("trainer " + name + " exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("trainer " + name + " not ready within " + timeout.toSeconds() + " s:\n" + logTail());
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }
}
