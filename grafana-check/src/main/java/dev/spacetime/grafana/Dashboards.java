package dev.spacetime.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The dashboards of {@code deploy/grafana/dashboards}, parsed. */
public final class Dashboards {

    /** Where the dashboards live, relative to the checkout's root. */
    public static final String DIR = "deploy/grafana/dashboards";
    /** The datasource uids the provisioning files define and the dashboards refer to. */
    public static final String POSTGRES_UID = "spacetime-results";
    public static final String PROMETHEUS_UID = "spacetime-prometheus";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Dashboards() {
    }

    /** Every dashboard of the checkout that holds the working directory, sorted by file name. */
    public static List<Dashboard> all() {
        return load(root().resolve(DIR));
    }

    public static List<Dashboard> load(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Dashboard> all = files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted()
                    .map(Dashboards::read).toList();
            if (all.isEmpty()) {
                throw new IllegalStateException("no dashboards (*.json) in " + dir);
            }
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the dashboards in " + dir, e);
        }
    }

    static Dashboard read(Path file) {
        try {
            return new Dashboard(file, JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("dashboard " + file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** The checkout's root: the nearest folder at or above the working directory that holds {@value #DIR}. */
    public static Path root() {
        Path start = Path.of("").toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(DIR))) {
                return dir;
            }
        }
        throw new IllegalStateException("no " + DIR + " at or above " + start + ": run inside the Spacetime checkout");
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
