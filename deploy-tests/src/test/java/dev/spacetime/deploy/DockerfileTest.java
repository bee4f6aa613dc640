package dev.spacetime.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each service's src/main/docker/Dockerfile.jvm: a JDK 25 runtime, the module flag, the service's port. */
class DockerfileTest {

    static Iterable<String> services() {
        return Repo.SERVICES;
    }

    @ParameterizedTest
    @MethodSource("services")
    void runsTheFastJarOnJava25WithTheVectorModule(String service) throws IOException {
        List<String> lines = Files.readAllLines(Repo.root().resolve(service).resolve("src/main/docker/Dockerfile.jvm"));
        List<String> from = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertEquals(List.of("FROM eclipse-temurin:25-jre"), from, service + " base image");

        String appendLine = lines.stream().filter(l -> l.startsWith("ENV JAVA_OPTS_APPEND=")).findFirst()
                .orElseThrow(() -> new AssertionError(service + " sets no JAVA_OPTS_APPEND"));
        assertTrue(appendLine.contains("--add-modules=jdk.incubator.vector"), appendLine);

        String entrypoint = lines.stream().filter(l -> l.startsWith("ENTRYPOINT ")).findFirst().orElseThrow();
        assertTrue(entrypoint.contains("$JAVA_OPTS_APPEND") && entrypoint.contains("quarkus-run.jar"), entrypoint);

        Matcher expose = Pattern.compile("^EXPOSE (\\d+)$").matcher(lines.stream()
                .filter(l -> l.startsWith("EXPOSE ")).findFirst().orElseThrow());
        assertTrue(expose.matches());
        assertEquals(Repo.httpPort(service), Integer.parseInt(expose.group(1)), service + " EXPOSE vs quarkus.http.port");
    }
}
