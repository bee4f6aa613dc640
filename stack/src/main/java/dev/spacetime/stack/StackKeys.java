package dev.spacetime.stack;

/**
 * The configuration keys through which the stack (the local launcher and {@link StackTestResource}) hands its
 * infrastructure to a service. Services read them with Quarkus config ({@code @ConfigMapping(prefix = "spacetime")}
 * for the {@code spacetime.*} ones); the local stack passes them as {@code -D} system properties and the secrets
 * (API token, database password) as environment variables ({@link #env}: Quarkus maps {@code SPACETIME_API_TOKEN} to
 * {@code spacetime.api-token}), the test resource as config properties.
 */
public final class StackKeys {

    /** Kafka bootstrap address for every channel of the smallrye-kafka connector. */
    public static final String KAFKA_BOOTSTRAP = "kafka.bootstrap.servers";
    /** Connector-wide default of incoming channels: start at the earliest record when a group has no offset. */
    public static final String KAFKA_OFFSET_RESET = "mp.messaging.connector.smallrye-kafka.auto.offset.reset";
    public static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    public static final String DB_USER = "quarkus.datasource.username";
    public static final String DB_PASSWORD = "quarkus.datasource.password";
    public static final String HTTP_PORT = "quarkus.http.port";
    /** The artifact store: a folder addressed by model name/version, shared by trainer and inference. */
    public static final String ARTIFACT_DIR = "spacetime.artifact-dir";
    /** The bearer token that mutating REST endpoints require. */
    public static final String API_TOKEN = "spacetime.api-token";

    private StackKeys() {
    }

    /** The environment variable Quarkus reads for {@code key} (dots and dashes become underscores, upper case). */
    public static String env(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }
}
