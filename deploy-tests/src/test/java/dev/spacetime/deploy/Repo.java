package dev.spacetime.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/** The repository this module checks (surefire passes its root) and the services' own configuration. */
final class Repo {

    /** The Quarkus services and the components their manifests carry. */
    static final List<String> SERVICES = List.of("trainer-service", "results-service", "inference-service");

    private Repo() {
    }

    static Path root() {
        String root = System.getProperty("spacetime.root");
        if (root == null) {
            throw new IllegalStateException("system property spacetime.root is not set (surefire sets it)");
        }
        return Path.of(root).toAbsolutePath().normalize();
    }

    static Path k8s() {
        return root().resolve("deploy/k8s");
    }

    /** The service's src/main/resources/application.properties (the prod profile: keys without %profile). */
    static Properties applicationProperties(String service) {
        Path file = root().resolve(service).resolve("src/main/resources/application.properties");
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return p;
    }

    static int httpPort(String service) {
        String port = applicationProperties(service).getProperty("quarkus.http.port");
        if (port == null) {
            throw new IllegalStateException(service + " sets no quarkus.http.port");
        }
        return Integer.parseInt(port.trim());
    }
}
