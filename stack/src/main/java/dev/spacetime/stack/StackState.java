package dev.spacetime.stack;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The local stack's state file ({@code .spacetime/stack/state.json}): what {@code up} started, so that {@code down}
 * stops exactly that and {@code status} knows where to look. Written atomically after each component.
 */
record StackState(int version, Map<String, Component> components) {

    static final int VERSION = 1;
    static final String KAFKA = "kafka";
    static final String POSTGRES = "postgres";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    StackState {
        components = new LinkedHashMap<>(components);
    }

    static StackState empty() {
        return new StackState(VERSION, Map.of());
    }

    /**
     * One started (or skipped) component.
     *
     * @param pid          process id (0 for an existing PostgreSQL server we did not start)
     * @param processStart when that process started (tells our process from a later one that reuses the pid)
     * @param port         its main port
     * @param url          bootstrap address, JDBC URL or base URL
     * @param healthUrl    services: the readiness URL
     * @param log          its log file
     * @param home         Kafka and PostgreSQL: their folder (config and data)
     * @param skipped      why it was not started (services whose jar is missing), else null
     */
    record Component(long pid, Instant processStart, int port, String url, String healthUrl, String log, String home,
            String skipped) {

        Optional<ProcessHandle> process() {
            return ChildProcesses.find(pid, processStart);
        }
    }

    Optional<Component> get(String name) {
        return Optional.ofNullable(components.get(name));
    }

    StackState with(String name, Component c) {
        Map<String, Component> m = new LinkedHashMap<>(components);
        m.put(name, c);
        return new StackState(version, m);
    }

    static StackState load(Path file) {
        if (!Files.isRegularFile(file)) {
            return empty();
        }
        try {
            StackState s = MAPPER.readValue(file.toFile(), StackState.class);
            return s.components == null ? empty() : s;
        } catch (IOException e) {
            throw new StackException("the stack's state file " + file + " is damaged (" + e.getMessage()
                    + "): stop what runs by hand and delete it", e);
        }
    }

    void save(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            MAPPER.writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
