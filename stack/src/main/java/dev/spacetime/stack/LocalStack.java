package dev.spacetime.stack;

import dev.spacetime.contracts.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;

/**
 * The one-command local stack: a Kafka broker, PostgreSQL and the platform's services, all child processes that
 * outlive the JVM that started them, with persistent data under {@code .spacetime/stack/} in the checkout:
 *
 * <pre>
 * .spacetime/stack/
 *   state.json          what up started (pids, ports, URLs, logs): down stops exactly that
 *   kafka/              server.properties + data/ (topics survive down/up)
 *   postgres/           data/ + the superuser's password
 *   artifacts/          the artifact store (models by name/version)
 *   logs/               kafka.log, postgres.log (in postgres/), trainer.log, results.log, inference.log
 *   api-token           the bearer token of the mutating endpoints (or SPACETIME_API_TOKEN)
 * </pre>
 *
 * {@link #up()} is idempotent: what runs and answers is reused (same pids), what is missing is started. A service
 * whose jar is not built is skipped with a message, so the infrastructure alone can run before the services exist.
 * Services get the stack's config as {@code -D} properties ({@link StackKeys}) and secrets (database password, API
 * token) as environment variables.
 */
public final class LocalStack {

    public static final String DIR_ENV = "SPACETIME_STACK_DIR";
    public static final String KAFKA_PORT_ENV = "SPACETIME_KAFKA_PORT";
    public static final String POSTGRES_PORT_ENV = "SPACETIME_POSTGRES_PORT";
    public static final String API_TOKEN_ENV = "SPACETIME_API_TOKEN";
    /** Service ports of {@link #defaultServices(Path)}, so a second stack (or a test) can run beside the default one. */
    public static final String TRAINER_PORT_ENV = "SPACETIME_TRAINER_PORT";
    public static final String RESULTS_PORT_ENV = "SPACETIME_RESULTS_PORT";
    public static final String INFERENCE_PORT_ENV = "SPACETIME_INFERENCE_PORT";
    /** Preferred ports; when one is taken the stack picks a free one and reports it in status. */
    public static final int DEFAULT_KAFKA_PORT = 9092;
    /** 5433, not 5432: a system PostgreSQL (Debian's) may hold 5432. */
    public static final int DEFAULT_POSTGRES_PORT = 5433;
    public static final int TRAINER_PORT = 8081;
    public static final int RESULTS_PORT = 8082;
    public static final int INFERENCE_PORT = 8083;

    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    /** HTTP and JDBC health probes. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
    /** A first Admin request needs a connection and metadata; on a loaded 2-core machine that can take seconds. */
    private static final Duration KAFKA_PROBE_TIMEOUT = Duration.ofSeconds(10);

    private final Path root;
    private final Path dir;
    private final int kafkaPort;
    private final int postgresPort;
    private final List<ServiceSpec> services;
    private final Duration healthTimeout;
    private final boolean infraOnly;
    private final Consumer<String> progress;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();

    private LocalStack(Builder b) {
        this.root = b.root != null ? b.root : RepoRoot.find();
        String envDir = Settings.get("spacetime.stack.dir", DIR_ENV);
        this.dir = (b.dir != null ? b.dir : envDir != null ? Path.of(envDir) : root.resolve(".spacetime/stack"))
                .toAbsolutePath().normalize();
        this.kafkaPort = b.kafkaPort != null ? b.kafkaPort
                : Settings.getInt("spacetime.kafka.port", KAFKA_PORT_ENV, DEFAULT_KAFKA_PORT);
        this.postgresPort = b.postgresPort != null ? b.postgresPort
                : Settings.getInt("spacetime.postgres.port", POSTGRES_PORT_ENV, DEFAULT_POSTGRES_PORT);
        this.services = b.services != null ? List.copyOf(b.services) : defaultServices(root);
        this.healthTimeout = b.healthTimeout;
        this.infraOnly = b.infraOnly;
        this.progress = b.progress;
    }

    /** The stack of this checkout with the defaults (and the environment's overrides). */
    public static LocalStack create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * trainer (8081), results (8082, with the database), inference (8083), from their modules' Quarkus fast-jar
     * ({@code <module>/target/quarkus-app/quarkus-run.jar}); each port can be moved with {@value #TRAINER_PORT_ENV},
     * {@value #RESULTS_PORT_ENV}, {@value #INFERENCE_PORT_ENV} (or {@code -Dspacetime.trainer.port=…} etc.).
     */
    public static List<ServiceSpec> defaultServices(Path root) {
        return List.of(
                ServiceSpec.of("trainer", root.resolve("trainer-service/target/quarkus-app/quarkus-run.jar"),
                        Settings.getInt("spacetime.trainer.port", TRAINER_PORT_ENV, TRAINER_PORT), false),
                ServiceSpec.of("results", root.resolve("results-service/target/quarkus-app/quarkus-run.jar"),
                        Settings.getInt("spacetime.results.port", RESULTS_PORT_ENV, RESULTS_PORT), true),
                ServiceSpec.of("inference", root.resolve("inference-service/target/quarkus-app/quarkus-run.jar"),
                        Settings.getInt("spacetime.inference.port", INFERENCE_PORT_ENV, INFERENCE_PORT), false));
    }

    public Path dir() {
        return dir;
    }

    public Path stateFile() {
        return dir.resolve("state.json");
    }

    public Path artifactDir() {
        return dir.resolve("artifacts");
    }

    public Path logDir() {
        return dir.resolve("logs");
    }

    public List<ServiceSpec> services() {
        return services;
    }

    /** The bearer token the services require for mutating calls: {@value #API_TOKEN_ENV}, else a generated one. */
    public String apiToken() {
        String fromEnv = Settings.get("spacetime.api-token", API_TOKEN_ENV);
        return fromEnv != null ? fromEnv : Files2.secret(dir.resolve("api-token"));
    }

    /**
     * Starts what is not running (broker, database, then the services) and waits until every component is healthy.
     * Throws a {@link StackException} naming the component that failed and its log; what did start stays recorded,
     * so {@link #down()} stops it.
     */
    public StackStatus up() {
        try (StackLock lock = lock()) {
            lock.check();
            Files.createDirectories(artifactDir());
            Files.createDirectories(logDir());
            StackState state = StackState.load(stateFile());
            state = upKafka(state);
            state.save(stateFile());
            state = upPostgres(state);
            state.save(stateFile());
            Map<String, Process> started = new LinkedHashMap<>();
            for (ServiceSpec spec : infraOnly ? List.<ServiceSpec>of() : services) {
                state = upService(state, spec, started);
                state.save(stateFile());
            }
            awaitServices(state, started);
            return status(state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops exactly what {@link #up()} recorded (services first, then the broker, then the database) and forgets it.
     * Returns one line per stopped component. A process whose pid now belongs to another program is left alone.
     */
    public List<String> down() {
        try (StackLock lock = lock()) {
            lock.check();
            StackState state = StackState.load(stateFile());
            List<String> stopped = new ArrayList<>();
            List<String> services = new ArrayList<>(state.components().keySet());
            services.remove(StackState.KAFKA);
            services.remove(StackState.POSTGRES);
            // The services depend on nothing of each other: SIGTERM to all at once, so their shutdowns (several
            // seconds each: consumer groups leave, offsets commit) overlap instead of adding up.
            Map<String, ProcessHandle> running = new LinkedHashMap<>();
            for (String name : services.reversed()) {
                state.get(name).filter(c -> c.skipped() == null).flatMap(StackState.Component::process)
                        .ifPresent(p -> running.put(name, p));
            }
            running.forEach((name, p) -> progress.accept("stopping " + name + " (pid " + p.pid() + ")"));
            List<ProcessHandle> left = ChildProcesses.stopAll(List.copyOf(running.values()), STOP_GRACE);
            running.forEach((name, p) -> {
                if (left.contains(p)) {
                    throw new StackException(name + " (pid " + p.pid() + ") did not stop even after SIGKILL");
                }
                stopped.add(name + " (pid " + p.pid() + ")");
            });
            for (String name : List.of(StackState.KAFKA, StackState.POSTGRES)) {
                Optional<StackState.Component> c = state.get(name);
                if (c.isEmpty() || c.get().skipped() != null) {
                    continue;
                }
                if (name.equals(StackState.POSTGRES) && c.get().home() != null) {
                    Path home = Path.of(c.get().home());
                    Optional<ProcessHandle> pm = Postgres.runningPostmaster(home);
                    if (pm.isPresent()) {
                        progress.accept("stopping postgres (pid " + pm.get().pid() + ")");
                        Postgres.stopEmbedded(home);
                        stopped.add("postgres (pid " + pm.get().pid() + ")");
                    }
                    continue;
                }
                Optional<ProcessHandle> p = c.get().process();
                if (p.isPresent()) {
                    progress.accept("stopping " + name + " (pid " + p.get().pid() + ")");
                    if (!ChildProcesses.stop(p.get(), STOP_GRACE)) {
                        throw new StackException(name + " (pid " + p.get().pid() + ") did not stop even after SIGKILL");
                    }
                    stopped.add(name + " (pid " + p.get().pid() + ")");
                }
            }
            Files.deleteIfExists(stateFile());
            return stopped;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each component's health, probed now (a few seconds at most). Never starts anything. */
    public StackStatus status() {
        return status(StackState.load(stateFile()));
    }

    private StackStatus status(StackState state) {
        Map<String, Health> health = new LinkedHashMap<>();
        Map<String, String> logs = new LinkedHashMap<>();
        Optional<StackState.Component> kafka = state.get(StackState.KAFKA);
        health.put(StackState.KAFKA, kafka.map(k -> k.process().isEmpty() ? Health.STOPPED
                : kafkaAnswers(k.url()) ? Health.UP : Health.DOWN).orElse(Health.STOPPED));
        kafka.ifPresent(k -> logs.put(StackState.KAFKA, k.log()));
        Optional<StackState.Component> pg = state.get(StackState.POSTGRES);
        Health pgHealth = pg.map(this::postgresHealth).orElse(Health.STOPPED);
        health.put(StackState.POSTGRES, pgHealth);
        pg.ifPresent(p -> {
            if (p.log() != null) {
                logs.put(StackState.POSTGRES, p.log());
            }
        });
        Map<String, String> urls = new LinkedHashMap<>();
        for (ServiceSpec spec : services) {
            Optional<StackState.Component> c = state.get(spec.name());
            urls.put(spec.name(), c.map(StackState.Component::url).orElse(spec.url()));
            health.put(spec.name(), c.map(this::serviceHealth).orElse(Health.STOPPED));
            c.ifPresent(s -> {
                if (s.log() != null) {
                    logs.put(spec.name(), s.log());
                }
            });
        }
        // Components recorded by an earlier up with another service list still show (down stops them too).
        state.components().forEach((name, c) -> {
            if (!health.containsKey(name)) {
                urls.put(name, c.url());
                health.put(name, serviceHealth(c));
            }
        });
        return new StackStatus(kafka.filter(k -> k.process().isPresent()).map(StackState.Component::url).orElse(null),
                pg.filter(p -> pgHealth != Health.STOPPED).map(StackState.Component::url).orElse(null),
                urls, health, logs, artifactDir().toString());
    }

    // ---- Kafka ----

    private StackState upKafka(StackState state) {
        Optional<StackState.Component> known = state.get(StackState.KAFKA);
        if (known.isPresent() && known.get().process().isPresent()) {
            if (!kafkaAnswers(known.get().url())) {
                throw new StackException("kafka (pid " + known.get().pid() + ") runs but does not answer on "
                        + known.get().url() + " (run `spacetime down`, then `spacetime up`); log " + known.get().log()
                        + ":\n" + ChildProcesses.tail(Path.of(known.get().log()), 15));
            }
            KafkaBroker.createTopics(known.get().url(), Topics.ALL);
            progress.accept("kafka already running at " + known.get().url() + " (pid " + known.get().pid() + ")");
            return state;
        }
        int port = Ports.preferred(known.map(StackState.Component::port).filter(p -> p > 0).orElse(kafkaPort));
        if (kafkaPort > 0 && port != kafkaPort && known.isEmpty()) {
            progress.accept("port " + kafkaPort + " is taken; kafka uses " + port);
        }
        progress.accept("starting kafka on " + Ports.HOST + ":" + port + " ...");
        long t0 = System.nanoTime();
        Path log = logDir().resolve("kafka.log");
        KafkaBroker broker = KafkaBroker.builder().home(dir.resolve("kafka")).logFile(log).port(port)
                .stopOnExit(false).start();
        progress.accept(String.format(java.util.Locale.ROOT, "kafka up in %.1f s (pid %d)", secondsSince(t0), broker.pid()));
        return state.with(StackState.KAFKA, new StackState.Component(broker.pid(),
                ChildProcesses.startInstant(broker.process()), port, broker.bootstrapServers(), null, log.toString(),
                broker.home().toString(), null));
    }

    private static boolean kafkaAnswers(String bootstrap) {
        try (Admin admin = KafkaClients.admin(bootstrap)) {
            admin.describeCluster().nodes().get(KAFKA_PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    // ---- PostgreSQL ----

    private StackState upPostgres(StackState state) {
        long t0 = System.nanoTime();
        Postgres pg;
        Path home = dir.resolve("postgres");
        if (Settings.get("spacetime.postgres.url", Postgres.URL_ENV) != null) {
            progress.accept("using the existing PostgreSQL at " + Settings.get("spacetime.postgres.url", Postgres.URL_ENV));
            pg = Postgres.builder().start();
            return state.with(StackState.POSTGRES, new StackState.Component(0, null, pg.port(), pg.jdbcUrl(), null,
                    null, null, null));
        }
        OptionalInt running = Postgres.runningPort(home);
        int port = running.isPresent() ? running.getAsInt() : Ports.preferred(state.get(StackState.POSTGRES)
                .map(StackState.Component::port).filter(p -> p > 0).orElse(postgresPort));
        progress.accept(running.isPresent() ? "postgres already running on port " + port
                : "starting postgres on " + Ports.HOST + ":" + port + " ...");
        pg = Postgres.builder().home(home).port(port).stopOnExit(false).start();
        ProcessHandle pm = pg.process().orElseThrow(() -> new StackException("postgres started but its postmaster "
                + "is gone; log " + home.resolve("postgres.log")));
        if (running.isEmpty()) {
            progress.accept(String.format(java.util.Locale.ROOT, "postgres up in %.1f s (pid %d)", secondsSince(t0), pm.pid()));
        }
        return state.with(StackState.POSTGRES, new StackState.Component(pm.pid(), ChildProcesses.startInstant(pm), port,
                pg.jdbcUrl(), null, pg.logFile().orElseThrow().toString(), home.toString(), null));
    }

    private Health postgresHealth(StackState.Component c) {
        if (c.home() != null && Postgres.runningPostmaster(Path.of(c.home())).isEmpty()) {
            return Health.STOPPED;
        }
        try (var conn = Postgres.connect(c.url(), Postgres.OWNER, dbPassword()); var s = conn.createStatement()) {
            s.setQueryTimeout((int) PROBE_TIMEOUT.toSeconds());
            s.execute("SELECT 1");
            return Health.UP;
        } catch (java.sql.SQLException e) {
            return Health.DOWN;
        }
    }

    private static String dbPassword() {
        return Settings.get("spacetime.db.password", Postgres.PASSWORD_ENV, Postgres.DEFAULT_PASSWORD);
    }

    // ---- services ----

    private StackState upService(StackState state, ServiceSpec spec, Map<String, Process> started) {
        Optional<StackState.Component> known = state.get(spec.name());
        if (known.isPresent() && known.get().skipped() == null && known.get().process().isPresent()) {
            progress.accept(spec.name() + " already running at " + known.get().url() + " (pid " + known.get().pid() + ")");
            return state;
        }
        if (!Files.isRegularFile(spec.jar())) {
            String why = "jar not built: " + spec.jar();
            progress.accept("skipping " + spec.name() + ": " + spec.jar() + " does not exist (build it with "
                    + "./mvnw -B -q package -DskipTests)");
            return state.with(spec.name(), new StackState.Component(0, null, spec.port(), spec.url(),
                    spec.healthUrl(), null, null, why));
        }
        if (!Ports.isFree(spec.port())) {
            throw new StackException(spec.name() + " cannot start: port " + spec.port() + " on " + Ports.HOST
                    + " is used by another process (stop it, or give the service another port)");
        }
        Path log = logDir().resolve(spec.name() + ".log");
        rotate(log);
        String kafka = state.get(StackState.KAFKA).orElseThrow().url();
        StackState.Component pg = state.get(StackState.POSTGRES).orElseThrow();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        cmd.addAll(spec.jvmArgs());
        Map<String, String> props = new LinkedHashMap<>();
        props.put(StackKeys.HTTP_PORT, Integer.toString(spec.port()));
        props.put(StackKeys.KAFKA_BOOTSTRAP, kafka);
        props.put(StackKeys.ARTIFACT_DIR, artifactDir().toString());
        if (spec.database()) {
            props.put(StackKeys.JDBC_URL, pg.url());
            props.put(StackKeys.DB_USER, Postgres.OWNER);
        }
        props.putAll(spec.systemProperties());
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(spec.jar().toString());
        // Secrets go through the environment, not the command line that `ps` shows.
        Map<String, String> env = new LinkedHashMap<>();
        env.put(StackKeys.env(StackKeys.API_TOKEN), apiToken());
        if (spec.database()) {
            env.put(StackKeys.env(StackKeys.DB_PASSWORD), dbPassword());
        }
        env.putAll(spec.env());
        progress.accept("starting " + spec.name() + " on " + spec.url() + " ...");
        Process p = ChildProcesses.start(cmd, log, env, dir);
        started.put(spec.name(), p);
        return state.with(spec.name(), new StackState.Component(p.pid(), ChildProcesses.startInstant(p.toHandle()),
                spec.port(), spec.url(), spec.healthUrl(), log.toString(), null, null));
    }

    private void awaitServices(StackState state, Map<String, Process> started) {
        long t0 = System.nanoTime();
        long deadline = t0 + healthTimeout.toNanos();
        List<String> pending = new ArrayList<>(services.stream().map(ServiceSpec::name)
                .filter(n -> state.get(n).map(c -> c.skipped() == null).orElse(false)).toList());
        Map<String, String> lastProblem = new LinkedHashMap<>();
        while (!pending.isEmpty()) {
            for (var it = pending.iterator(); it.hasNext(); ) {
                String name = it.next();
                StackState.Component c = state.get(name).orElseThrow();
                if (c.process().isEmpty()) {
                    Process p = started.get(name);
                    String code = p != null && !p.isAlive() ? " (exit " + p.exitValue() + ")" : "";
                    throw new StackException(name + " exited during start-up" + code + "; log " + c.log() + ":\n"
                            + ChildProcesses.tail(Path.of(c.log()), 25));
                }
                String problem = probe(c.healthUrl());
                if (problem == null) {
                    progress.accept(String.format(java.util.Locale.ROOT, "%s healthy at %s (%.1f s)", name, c.url(),
                            secondsSince(t0)));
                    it.remove();
                } else {
                    lastProblem.put(name, problem);
                }
            }
            if (pending.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                StringBuilder msg = new StringBuilder(String.join(", ", pending) + " not healthy within "
                        + healthTimeout.toSeconds() + " s; log" + (pending.size() > 1 ? "s " : " ")
                        + String.join(", ", pending.stream().map(n -> state.get(n).orElseThrow().log()).toList())
                        + " (last lines below)");
                for (String name : pending) {
                    StackState.Component c = state.get(name).orElseThrow();
                    msg.append("\n").append(name).append(" (").append(c.healthUrl()).append(": ")
                            .append(lastProblem.get(name)).append("); log ").append(c.log()).append(":\n")
                            .append(ChildProcesses.tail(Path.of(c.log()), 15));
                }
                throw new StackException(msg.toString());
            }
            sleep(250);
        }
    }

    private Health serviceHealth(StackState.Component c) {
        if (c.skipped() != null) {
            return Health.SKIPPED;
        }
        if (c.process().isEmpty()) {
            return Health.STOPPED;
        }
        return probe(c.healthUrl()) == null ? Health.UP : Health.DOWN;
    }

    /** Null when the URL answers 200, else what it answered. */
    private String probe(String url) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(PROBE_TIMEOUT).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? null : "HTTP " + r.statusCode() + " " + abbreviate(r.body());
        } catch (IOException e) {
            return e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    // ---- helpers ----

    /** One up/down at a time per stack folder (a second caller waits). */
    private StackLock lock() throws IOException {
        Files.createDirectories(dir);
        FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            return new StackLock(ch, ch.lock());
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private record StackLock(FileChannel channel, FileLock lock) implements AutoCloseable {
        void check() {
            if (!lock.isValid()) {
                throw new IllegalStateException("lost the stack lock");
            }
        }

        @Override
        public void close() throws IOException {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    private static void rotate(Path log) {
        try {
            if (Files.isRegularFile(log) && Files.size(log) > 0) {
                Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() <= 200 ? one : one.substring(0, 200) + "...";
    }

    private static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted");
        }
    }

    /** Options for {@link LocalStack}; unset ones come from the environment, then the defaults. */
    public static final class Builder {
        private Path root;
        private Path dir;
        private Integer kafkaPort;
        private Integer postgresPort;
        private List<ServiceSpec> services;
        private Duration healthTimeout = Duration.ofSeconds(180);
        private boolean infraOnly;
        private Consumer<String> progress = line -> { };

        private Builder() {
        }

        /** The checkout (default: {@link RepoRoot#find()}). */
        public Builder root(Path root) {
            this.root = root;
            return this;
        }

        /** The stack's folder (default {@value #DIR_ENV}, else {@code <root>/.spacetime/stack}). */
        public Builder dir(Path dir) {
            this.dir = dir;
            return this;
        }

        /** Preferred Kafka port; 0 = any free port (default {@value #KAFKA_PORT_ENV}, else 9092). */
        public Builder kafkaPort(int port) {
            this.kafkaPort = port;
            return this;
        }

        /** Preferred PostgreSQL port; 0 = any free port (default {@value #POSTGRES_PORT_ENV}, else 5433). */
        public Builder postgresPort(int port) {
            this.postgresPort = port;
            return this;
        }

        /** The services to run (default {@link #defaultServices(Path)}). */
        public Builder services(List<ServiceSpec> services) {
            this.services = services;
            return this;
        }

        /** How long {@link #up()} waits for the services to become ready (default 180 s). */
        public Builder healthTimeout(Duration healthTimeout) {
            this.healthTimeout = healthTimeout;
            return this;
        }

        /**
         * Start Kafka and PostgreSQL only; the services stay known (status lists their URLs as STOPPED) but are not
         * started.
         */
        public Builder infraOnly(boolean infraOnly) {
            this.infraOnly = infraOnly;
            return this;
        }

        /** Receives one line per step ("starting kafka ...", "trainer healthy ..."); the CLI prints them on stderr. */
        public Builder progress(Consumer<String> progress) {
            this.progress = progress;
            return this;
        }

        public LocalStack build() {
            return new LocalStack(this);
        }
    }
}
