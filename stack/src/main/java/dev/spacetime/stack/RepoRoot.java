package dev.spacetime.stack;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the repository root: the {@code spacetime.root} system property, else the {@code SPACETIME_ROOT} environment
 * variable, else the nearest folder at or above the working directory that holds {@code mvnw} and
 * {@code infra/kafka-broker/pom.xml}. Tests run in their module's folder and the CLI at the root, so walking up finds
 * it in both.
 */
public final class RepoRoot {

    public static final String PROPERTY = "spacetime.root";
    public static final String ENV = "SPACETIME_ROOT";

    private RepoRoot() {
    }

    public static Path find() {
        String configured = Settings.get(PROPERTY, ENV);
        if (configured != null) {
            Path root = Path.of(configured).toAbsolutePath().normalize();
            if (!isRoot(root)) {
                throw new StackException(PROPERTY + "/" + ENV + " points at " + root
                        + ", which is not a Spacetime checkout (no mvnw and infra/kafka-broker/pom.xml there)");
            }
            return root;
        }
        Path start = Path.of("").toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (isRoot(dir)) {
                return dir;
            }
        }
        throw new StackException("cannot find the Spacetime checkout above " + start
                + ": run from inside it or set " + ENV + "=/path/to/spacetime");
    }

    static boolean isRoot(Path dir) {
        return Files.isRegularFile(dir.resolve("mvnw")) && Files.isRegularFile(dir.resolve("infra/kafka-broker/pom.xml"));
    }
}
