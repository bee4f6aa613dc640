package dev.spacetime.stack;

import dev.spacetime.contracts.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * An Apache Kafka 4.4 broker in KRaft mode (one node that is broker and controller), run as a child JVM on the JDK
 * that runs us, from the jars that {@code infra/kafka-broker} collects into {@code target/lib}. Listens on 127.0.0.1
 * only; every replication factor is 1; the platform's topics ({@link Topics#ALL}) are created on start.
 *
 * <pre>{@code
 * try (KafkaBroker kafka = KafkaBroker.start()) {          // temp dir, free ports, ~3-4 s
 *     String bootstrap = kafka.bootstrapServers();          // "127.0.0.1:40123"
 * }
 * KafkaBroker kafka = KafkaBroker.builder().home(dir).port(9092).stopOnExit(false).start();  // persistent
 * }</pre>
 *
 * The broker's output goes to {@link #logFile()}. A broker started with {@code stopOnExit(true)} (the default) is
 * stopped by a JVM shutdown hook; one started with {@code false} outlives us (the local stack) and is stopped by pid.
 */
public final class KafkaBroker implements AutoCloseable {

    /** Folder with the broker's jars; default {@code <repo>/infra/kafka-broker/target/lib}. */
    public static final String LIB_PROPERTY = "spacetime.kafka.lib";
    public static final String LIB_ENV = "SPACETIME_KAFKA_LIB";
    /** Logged by {@code KafkaRaftServer} when the broker accepts clients. */
    static final String STARTED_LINE = "Kafka Server started";
    static final Duration STOP_GRACE = Duration.ofSeconds(20);
    /** Formats when needed, then runs {@code kafka.Kafka}; in {@code infra/kafka-broker}. */
    static final String MAIN = "dev.spacetime.infra.kafka.BrokerMain";

    private final Path home;
    private final Path logFile;
    private final int port;
    private final int controllerPort;
    private final boolean deleteHomeOnStop;
    private final ProcessHandle process;
    private final Thread shutdownHook;

    private KafkaBroker(Path home, Path logFile, int port, int controllerPort, boolean deleteHomeOnStop,
            ProcessHandle process, boolean stopOnExit) {
        this.home = home;
        this.logFile = logFile;
        this.port = port;
        this.controllerPort = controllerPort;
        this.deleteHomeOnStop = deleteHomeOnStop;
        this.process = process;
        this.shutdownHook = stopOnExit ? new Thread(this::stopQuietly, "kafka-broker-stop") : null;
        if (shutdownHook != null) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /**
     * A handle on a broker this JVM started through another class loader (Quarkus loads test code more than once);
     * {@code shared} is what {@link #shareable()} returned. Stopping it is the starter's job, not this handle's.
     */
    static KafkaBroker attach(String shared) {
        String[] f = shared.split("\n");
        ProcessHandle p = ProcessHandle.of(Long.parseLong(f[1])).orElse(null);
        if (p == null) {
            return null;
        }
        return new KafkaBroker(Path.of(f[2]), Path.of(f[3]), Integer.parseInt(f[0]), 0, false, p, false);
    }

    /** port, pid, home and log, one per line: enough for {@link #attach(String)}. */
    String shareable() {
        return port + "\n" + process.pid() + "\n" + home + "\n" + logFile;
    }

    /** A throw-away broker: temp dir, free ports, the platform topics, stopped when the JVM exits. */
    public static KafkaBroker start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code 127.0.0.1:<port>}, for {@code kafka.bootstrap.servers}. */
    public String bootstrapServers() {
        return Ports.HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public long pid() {
        return process.pid();
    }

    /** The broker JVM (for the local stack's state file). */
    public ProcessHandle process() {
        return process;
    }

    /** Folder with {@code server.properties} and {@code data/}. */
    public Path home() {
        return home;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isRunning() {
        return ChildProcesses.alive(process);
    }

    /** A new Admin client for this broker; the caller closes it. */
    public Admin admin() {
        return KafkaClients.admin(bootstrapServers());
    }

    /**
     * Creates the topics that are missing with {@link Topics#partitions(String)} partitions, replication factor 1, and
     * widens existing ones that have fewer partitions than that. Idempotent.
     */
    public void createTopics(Collection<String> topics) {
        createTopics(bootstrapServers(), topics);
    }

    static void createTopics(String bootstrap, Collection<String> topics) {
        try (Admin admin = KafkaClients.admin(bootstrap)) {
            var existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, Topics.partitions(t), (short) 1)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
            List<String> present = topics.stream().filter(existing::contains).toList();
            if (!present.isEmpty()) {
                Map<String, TopicDescription> described = admin.describeTopics(present).allTopicNames()
                        .get(30, TimeUnit.SECONDS);
                Map<String, NewPartitions> widen = new LinkedHashMap<>();
                described.forEach((name, d) -> {
                    if (d.partitions().size() < Topics.partitions(name)) {
                        widen.put(name, NewPartitions.increaseTo(Topics.partitions(name)));
                    }
                });
                if (!widen.isEmpty()) {
                    admin.createPartitions(widen).all().get(30, TimeUnit.SECONDS);
                }
            }
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new StackException("cannot create the topics on the Kafka broker at " + bootstrap + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while creating topics", e);
        }
    }

    /** SIGTERM (the broker shuts down cleanly in well under a second), then SIGKILL after 20 s. Idempotent. */
    public void stop() {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running this
            }
        }
        stopQuietly();
    }

    private void stopQuietly() {
        ChildProcesses.stop(process, STOP_GRACE);
        if (deleteHomeOnStop) {
            Files2.deleteRecursively(home);
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers() + ", pid " + pid() + ", log " + logFile + "]";
    }

    /** The broker jars: {@value #LIB_PROPERTY}, {@value #LIB_ENV}, else {@code <repo>/infra/kafka-broker/target/lib}. */
    public static Path libDir() {
        String configured = Settings.get(LIB_PROPERTY, LIB_ENV);
        Path lib = configured != null ? Path.of(configured) : RepoRoot.find().resolve("infra/kafka-broker/target/lib");
        try (var jars = Files.list(lib)) {
            List<String> names = jars.map(p -> p.getFileName().toString()).toList();
            if (names.stream().anyMatch(n -> n.startsWith("kafka_2.13-")) && names.contains("spacetime-kafka-broker.jar")) {
                return lib;
            }
        } catch (IOException e) {
            // fall through to the explanation
        }
        throw new StackException("the Kafka broker jars are not in " + lib + ": build them with "
                + "`./mvnw -B -q -pl infra/kafka-broker package` (any reactor build that includes the stack does it), "
                + "or point " + LIB_ENV + " at a folder with spacetime-kafka-broker.jar, kafka_2.13-4.4.0.jar and their "
                + "dependencies");
    }

    /** Options for {@link KafkaBroker}; every one has a default that suits a test. */
    public static final class Builder {
        private Path home;
        private Path logFile;
        private int port;
        private int controllerPort;
        private Path libDir;
        private Duration startTimeout = Duration.ofSeconds(90);
        private boolean stopOnExit = true;
        private Collection<String> topics = Topics.ALL;
        private String heap = "512m";
        private final Map<String, String> extraConfig = new LinkedHashMap<>();

        private Builder() {
        }

        /** Persistent folder (config + data, kept across restarts). Default: a temp folder deleted on stop. */
        public Builder home(Path home) {
            this.home = home;
            return this;
        }

        /** Where the broker's output goes. Default: {@code <home>/broker.log}. */
        public Builder logFile(Path logFile) {
            this.logFile = logFile;
            return this;
        }

        /** Client port on 127.0.0.1; 0 (default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** KRaft controller port on 127.0.0.1; 0 (default) picks a free one. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = controllerPort;
            return this;
        }

        /** Folder with the broker jars. Default: {@link KafkaBroker#libDir()}. */
        public Builder libDir(Path libDir) {
            this.libDir = libDir;
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        /** Stop the broker from a shutdown hook when this JVM exits (default true; the local stack says false). */
        public Builder stopOnExit(boolean stopOnExit) {
            this.stopOnExit = stopOnExit;
            return this;
        }

        /** Topics to create once the broker is up. Default: {@link Topics#ALL}. */
        public Builder topics(Collection<String> topics) {
            this.topics = List.copyOf(topics);
            return this;
        }

        /** The broker JVM's {@code -Xmx} (default 512m). */
        public Builder heap(String heap) {
            this.heap = heap;
            return this;
        }

        /** Any other broker setting, e.g. {@code log.retention.hours}. */
        public Builder config(String key, String value) {
            extraConfig.put(key, value);
            return this;
        }

        /** Formats the storage on first use, starts the broker, waits until it serves, creates the topics. */
        public KafkaBroker start() {
            Path lib = libDir != null ? libDir : KafkaBroker.libDir();
            boolean temporary = home == null;
            Path dir;
            try {
                dir = temporary ? Files.createTempDirectory("spacetime-kafka-") : Files.createDirectories(home);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the broker folder", e);
            }
            int clientPort = port > 0 ? port : Ports.free();
            int ctrlPort = controllerPort > 0 ? controllerPort : Ports.free();
            while (ctrlPort == clientPort) {
                ctrlPort = Ports.free();
            }
            Path log = logFile != null ? logFile : dir.resolve("broker.log");
            Path data = dir.resolve("data");
            Path props = dir.resolve("server.properties");
            writeConfig(props, data, clientPort, ctrlPort);
            rotate(log);

            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> jvm = new ArrayList<>(List.of(java, "-Xmx" + heap, "-XX:+UseSerialGC",
                    "-XX:+ExitOnOutOfMemoryError", "-Dorg.slf4j.simpleLogger.showDateTime=true",
                    "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS"));
            if (temporary) {
                // C1 only: a test broker starts ~0.5 s sooner; the persistent one keeps C2 for throughput.
                jvm.add("-XX:TieredStopAtLevel=1");
            }
            jvm.addAll(List.of("-cp", lib.toAbsolutePath() + "/*"));
            // One JVM formats the storage on first use and then runs the broker (BrokerMain, infra/kafka-broker).
            List<String> run = new ArrayList<>(jvm);
            run.addAll(List.of(MAIN, "--config", props.toString()));
            if (!Files.isRegularFile(data.resolve("meta.properties"))) {
                run.addAll(List.of("--cluster-id", clusterId()));
            }
            if (stopOnExit) {
                // Should this JVM die without running its shutdown hooks, the broker follows it within a second.
                run.addAll(List.of("--exit-with", Long.toString(ProcessHandle.current().pid())));
            }
            ChildProcesses.LogWatcher watcher = new ChildProcesses.LogWatcher(log);
            Process p = ChildProcesses.start(run, log, Map.of(), dir);
            awaitStarted(p, watcher, log, clientPort, temporary, dir);
            KafkaBroker broker = new KafkaBroker(dir, log, clientPort, ctrlPort, temporary, p.toHandle(), stopOnExit);
            try {
                if (!topics.isEmpty()) {
                    broker.createTopics(topics);
                }
            } catch (RuntimeException e) {
                broker.stop();
                throw e;
            }
            return broker;
        }

        private void awaitStarted(Process p, ChildProcesses.LogWatcher watcher, Path log, int clientPort,
                boolean temporary, Path dir) {
            long deadline = System.nanoTime() + startTimeout.toNanos();
            try {
                while (!watcher.sawLine(STARTED_LINE)) {
                    if (!p.isAlive()) {
                        failCleanup(temporary, dir);
                        throw new StackException("the Kafka broker exited during start-up (exit " + p.exitValue()
                                + ", port " + clientPort + "); log " + log + ":\n" + ChildProcesses.tail(log, 25));
                    }
                    if (System.nanoTime() > deadline) {
                        ChildProcesses.stop(p.toHandle(), Duration.ofSeconds(5));
                        failCleanup(temporary, dir);
                        throw new StackException("the Kafka broker did not log '" + STARTED_LINE + "' within "
                                + startTimeout.toSeconds() + " s (port " + clientPort + "); log " + log + ":\n"
                                + ChildProcesses.tail(log, 25));
                    }
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                throw new StackException("interrupted while waiting for the Kafka broker", e);
            }
        }

        private static void failCleanup(boolean temporary, Path dir) {
            // A failed temp broker keeps its folder so that the log quoted in the error can still be read.
            if (temporary) {
                Files2.deleteRecursively(dir.resolve("data"));
            }
        }

        private void writeConfig(Path props, Path data, int clientPort, int ctrlPort) {
            Map<String, String> c = new LinkedHashMap<>();
            c.put("process.roles", "broker,controller");
            c.put("node.id", "1");
            c.put("controller.quorum.voters", "1@" + Ports.HOST + ":" + ctrlPort);
            c.put("listeners", "PLAINTEXT://" + Ports.HOST + ":" + clientPort + ",CONTROLLER://" + Ports.HOST + ":" + ctrlPort);
            c.put("advertised.listeners", "PLAINTEXT://" + Ports.HOST + ":" + clientPort);
            c.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            c.put("controller.listener.names", "CONTROLLER");
            c.put("inter.broker.listener.name", "PLAINTEXT");
            c.put("log.dirs", data.toAbsolutePath().toString());
            c.put("num.partitions", "1");
            c.put("default.replication.factor", "1");
            c.put("min.insync.replicas", "1");
            c.put("offsets.topic.replication.factor", "1");
            c.put("offsets.topic.num.partitions", "3");
            c.put("transaction.state.log.replication.factor", "1");
            c.put("transaction.state.log.min.isr", "1");
            c.put("transaction.state.log.num.partitions", "3");
            c.put("share.coordinator.state.topic.replication.factor", "1");
            c.put("share.coordinator.state.topic.min.isr", "1");
            // A consumer group forms at once instead of waiting 3 s for more members: tests and start-up are faster.
            c.put("group.initial.rebalance.delay.ms", "0");
            c.put("auto.create.topics.enable", "false");
            c.putAll(extraConfig);
            String text = c.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("\n", "# written by dev.spacetime.stack.KafkaBroker on each start\n", "\n"));
            try {
                Files.writeString(props, text);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + props, e);
            }
        }

        /** Keeps one previous log ({@code broker.log.1}) so that a restart does not hide why the last run ended. */
        private static void rotate(Path log) {
            try {
                if (Files.isRegularFile(log) && Files.size(log) > 0) {
                    Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot rotate " + log, e);
            }
        }

        /**
         * A KRaft cluster id: 16 random bytes, URL-safe base64 without padding (what {@code random-uuid} prints). Never
         * one starting with '-': the storage tool's argument parser takes it for an option and refuses to format (seen
         * once in ~64 starts), which is why Kafka's own random ids skip those too.
         */
        static String clusterId() {
            while (true) {
                UUID u = UUID.randomUUID();
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16);
                b.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
                String id = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
                if (!id.startsWith("-")) {
                    return id;
                }
            }
        }
    }
}
