package dev.spacetime.stack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The real Kafka broker and the real PostgreSQL for a service's {@code @QuarkusTest}s: ONE of each per test JVM,
 * started on first use, shared by every test class (and by Quarkus restarts between them), stopped by a shutdown hook
 * when the JVM exits.
 *
 * <pre>{@code
 * @QuarkusTest
 * @QuarkusTestResource(StackTestResource.class)          // or @WithTestResource(StackTestResource.class)
 * class JobFlowTest {
 *     @Test
 *     void badJobBecomesFailedEvent() {
 *         StackTestResource.produce(Topics.JOBS, "job-1", "{not json");
 *         var dlq = StackTestResource.awaitRecord(Topics.JOBS_DEAD_LETTER, r -> "job-1".equals(r.key()),
 *                 Duration.ofSeconds(20));
 *     }
 * }
 * }</pre>
 *
 * Config handed to Quarkus ({@link #config()}): {@code kafka.bootstrap.servers}, {@code quarkus.datasource.jdbc.url},
 * {@code quarkus.datasource.username}, {@code quarkus.datasource.password}, earliest offset reset for every incoming
 * channel, {@code spacetime.artifact-dir} (a temp folder per JVM) and {@code spacetime.api-token}
 * ({@value #API_TOKEN}). A service without a datasource passes {@code initArgs = @ResourceArg(name = "postgres",
 * value = "false")} and PostgreSQL is not started for it.
 */
public class StackTestResource implements QuarkusTestResourceLifecycleManager {

    /** Init arg: {@code "false"} to leave PostgreSQL out (default {@code "true"}). */
    public static final String POSTGRES_ARG = "postgres";
    /** The bearer token the services accept in tests ({@code Authorization: Bearer test-token}). */
    public static final String API_TOKEN = "test-token";
    /** Default wait of the consuming helpers. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /*
     * Quarkus may load this class more than once in one JVM (a class loader per application restart), and each copy
     * has its own statics. So the one broker and the one database are registered in system properties, which every
     * copy sees, and a copy that finds them attaches instead of starting its own; the lock is an interned string, one
     * monitor per JVM whatever the class loader.
     */
    private static final String LOCK = "dev.spacetime.stack.StackTestResource.lock";
    static final String KAFKA_PROPERTY = "spacetime.test.kafka";
    static final String POSTGRES_PROPERTY = "spacetime.test.postgres";
    static final String ARTIFACTS_PROPERTY = "spacetime.test.artifact-dir";

    private static KafkaBroker broker;
    private static Postgres postgres;

    private boolean withPostgres = true;

    @Override
    public void init(Map<String, String> initArgs) {
        withPostgres = !"false".equalsIgnoreCase(initArgs.getOrDefault(POSTGRES_ARG, "true"));
    }

    @Override
    public Map<String, String> start() {
        return config(withPostgres);
    }

    /** Nothing: the broker and the database outlive one Quarkus application and are shared by the next. */
    @Override
    public void stop() {
    }

    /** The properties a service needs, with PostgreSQL. */
    public static Map<String, String> config() {
        return config(true);
    }

    static Map<String, String> config(boolean withPostgres) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put(StackKeys.KAFKA_BOOTSTRAP, bootstrapServers());
        // Tests produce before the service's consumer has joined its group; it must still see those records.
        c.put(StackKeys.KAFKA_OFFSET_RESET, "earliest");
        if (withPostgres) {
            Postgres pg = postgres();
            c.put(StackKeys.JDBC_URL, pg.jdbcUrl());
            c.put(StackKeys.DB_USER, pg.user());
            c.put(StackKeys.DB_PASSWORD, pg.password());
        }
        c.put(StackKeys.ARTIFACT_DIR, artifactDir().toString());
        c.put(StackKeys.API_TOKEN, API_TOKEN);
        // Dev Services would look for Docker, which is not there; the real services are configured above.
        c.put("quarkus.devservices.enabled", "false");
        return c;
    }

    /** The shared broker, started on first call (~3 s) with every platform topic. */
    public static KafkaBroker broker() {
        synchronized (LOCK) {
            if (broker != null && broker.isRunning()) {
                return broker;
            }
            String shared = System.getProperty(KAFKA_PROPERTY);
            KafkaBroker attached = shared != null ? KafkaBroker.attach(shared) : null;
            if (attached != null && attached.isRunning()) {
                broker = attached;
            } else {
                broker = KafkaBroker.builder().start();
                System.setProperty(KAFKA_PROPERTY, broker.shareable());
            }
            return broker;
        }
    }

    /** The shared PostgreSQL (embedded, throw-away; or {@value Postgres#URL_ENV}), started on first call (~2 s). */
    public static Postgres postgres() {
        synchronized (LOCK) {
            if (postgres != null) {
                return postgres;
            }
            String shared = System.getProperty(POSTGRES_PROPERTY);
            if (shared != null) {
                // Same folder and port: start() finds the server running and only checks the roles and database.
                String[] f = shared.split("\n");
                postgres = Postgres.builder().home(Path.of(f[0])).port(Integer.parseInt(f[1])).durable(false)
                        .stopOnExit(false).start();
            } else {
                postgres = Postgres.builder().start();
                postgres.dataDir().ifPresent(data -> System.setProperty(POSTGRES_PROPERTY,
                        data.getParent() + "\n" + postgres.port()));
            }
            return postgres;
        }
    }

    /** One artifact store folder per test JVM, deleted at exit. */
    public static Path artifactDir() {
        synchronized (LOCK) {
            String shared = System.getProperty(ARTIFACTS_PROPERTY);
            if (shared != null) {
                return Path.of(shared);
            }
            Path dir;
            try {
                dir = Files.createTempDirectory("spacetime-artifacts-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> Files2.deleteRecursively(dir), "artifacts-cleanup"));
            System.setProperty(ARTIFACTS_PROPERTY, dir.toString());
            return dir;
        }
    }

    public static String bootstrapServers() {
        return broker().bootstrapServers();
    }

    public static String jdbcUrl() {
        return postgres().jdbcUrl();
    }

    /** A new Admin client on the shared broker; close it. */
    public static Admin admin() {
        return broker().admin();
    }

    /** A new producer (string key and value, acks=all); close it. */
    public static KafkaProducer<String, String> producer() {
        return KafkaClients.producer(bootstrapServers());
    }

    /** A new consumer (string key and value, earliest); {@code groupId} null = no group, use assign(); close it. */
    public static KafkaConsumer<String, String> consumer(String groupId) {
        return KafkaClients.consumer(bootstrapServers(), groupId);
    }

    /** A connection to the platform database as the services' role; close it. */
    public static Connection connect() throws SQLException {
        return postgres().connect();
    }

    /** Sends one raw string record (a poison message is just a string) and waits for the acknowledgement. */
    public static RecordMetadata produce(String topic, String key, String value) {
        return produce(topic, key, value, Map.of());
    }

    /** Sends one raw string record with headers and waits for the acknowledgement. */
    public static RecordMetadata produce(String topic, String key, String value, Map<String, String> headers) {
        return KafkaClients.produce(bootstrapServers(), topic, key, value, headers);
    }

    /**
     * Reads {@code topic} from the beginning (no consumer group, nothing committed) until {@code done} holds for all the
     * records read so far; returns them. Fails the test with the records seen when {@code timeout} passes first.
     */
    public static List<ConsumerRecord<String, String>> consumeUntil(String topic,
            Predicate<List<ConsumerRecord<String, String>>> done, Duration timeout) {
        KafkaClients.Read read = KafkaClients.readUntil(bootstrapServers(), topic, done, timeout);
        if (read.timedOut()) {
            throw new AssertionError("condition not met on topic " + topic + " within " + timeout.toSeconds()
                    + " s; " + describe(read.records()));
        }
        return read.records();
    }

    /** The first record of {@code topic} (from the beginning) that matches; fails the test after {@code timeout}. */
    public static ConsumerRecord<String, String> awaitRecord(String topic, Predicate<ConsumerRecord<String, String>> match,
            Duration timeout) {
        List<ConsumerRecord<String, String>> read = consumeUntil(topic, rs -> rs.stream().anyMatch(match), timeout);
        return read.stream().filter(match).findFirst().orElseThrow();
    }

    /** {@link #awaitRecord(String, Predicate, Duration)} with {@link #DEFAULT_TIMEOUT}. */
    public static ConsumerRecord<String, String> awaitRecord(String topic, Predicate<ConsumerRecord<String, String>> match) {
        return awaitRecord(topic, match, DEFAULT_TIMEOUT);
    }

    /**
     * Stops PostgreSQL and starts it again on the same data folder and port (data kept); open connections break. For
     * tests that a service survives a database restart. Only for the embedded server.
     */
    public static void restartPostgres() {
        postgres().restart();
    }

    /** Stops PostgreSQL (same data folder and port kept) until {@link #startPostgres()}: an outage of any length. */
    public static void stopPostgres() {
        postgres().stopServer();
    }

    public static void startPostgres() {
        postgres().startServer();
    }

    private static String describe(List<ConsumerRecord<String, String>> records) {
        if (records.isEmpty()) {
            return "no records arrived";
        }
        int from = Math.max(0, records.size() - 5);
        return records.size() + " record(s) arrived; the last ones:\n" + records.subList(from, records.size()).stream()
                .map(r -> "  p" + r.partition() + "@" + r.offset() + " key=" + r.key() + " value=" + abbreviate(r.value()))
                .collect(Collectors.joining("\n"));
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
