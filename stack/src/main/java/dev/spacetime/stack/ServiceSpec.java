package dev.spacetime.stack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One service the local stack runs as a child JVM: {@code java --add-modules jdk.incubator.vector [jvmArgs]
 * [-Dk=v ...] -jar jar}, healthy when {@code GET http://127.0.0.1:<port><healthPath>} answers 200.
 *
 * @param name             short name, also the status key prefix ({@code trainer} → {@code trainer_url})
 * @param jar              the runnable jar, e.g. {@code trainer-service/target/quarkus-app/quarkus-run.jar}
 * @param port             HTTP port on 127.0.0.1 (passed as {@code quarkus.http.port})
 * @param database         whether the service gets the datasource settings (only results-service has a database)
 * @param env              extra environment variables
 * @param systemProperties extra {@code -D} properties (they win over the stack's own)
 * @param jvmArgs          extra JVM flags, e.g. {@code -Xmx1g}
 * @param healthPath       readiness path, {@value #READY_PATH} for Quarkus
 */
public record ServiceSpec(String name, Path jar, int port, boolean database, Map<String, String> env,
        Map<String, String> systemProperties, List<String> jvmArgs, String healthPath) {

    public static final String READY_PATH = "/q/health/ready";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    public ServiceSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(jar, "jar");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("service name '" + name + "' must match " + NAME.pattern());
        }
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("service " + name + ": port " + port + " is not in 1..65535");
        }
        env = Map.copyOf(env);
        systemProperties = Map.copyOf(new LinkedHashMap<>(systemProperties));
        jvmArgs = List.copyOf(jvmArgs);
        healthPath = healthPath == null ? READY_PATH : healthPath;
    }

    /** A Quarkus service with the default readiness check and nothing extra. */
    public static ServiceSpec of(String name, Path jar, int port, boolean database) {
        return new ServiceSpec(name, jar, port, database, Map.of(), Map.of(), List.of(), READY_PATH);
    }

    public ServiceSpec withPort(int newPort) {
        return new ServiceSpec(name, jar, newPort, database, env, systemProperties, jvmArgs, healthPath);
    }

    public ServiceSpec withSystemProperty(String key, String value) {
        Map<String, String> p = new LinkedHashMap<>(systemProperties);
        p.put(key, value);
        return new ServiceSpec(name, jar, port, database, env, p, jvmArgs, healthPath);
    }

    /** {@code http://127.0.0.1:<port>} */
    public String url() {
        return "http://" + Ports.HOST + ":" + port;
    }

    public String healthUrl() {
        return url() + healthPath;
    }
}
