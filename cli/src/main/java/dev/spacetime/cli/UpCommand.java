package dev.spacetime.cli;

import dev.spacetime.stack.LocalStack;
import dev.spacetime.stack.StackStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spacetime up}: the local stack — Kafka, PostgreSQL, trainer, results and inference — started and healthy.
 * Idempotent: what already runs is reused. Progress goes to stderr, the status table (or JSON) to stdout.
 */
@Command(name = "up", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Start the local stack (Kafka, PostgreSQL and the services) and wait until it is healthy.",
        footer = {"Data, logs and state live in .spacetime/stack/; `spacetime down` stops exactly what this started.",
                "Services whose jar is not built yet are skipped with a message."})
final class UpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions stack;

    @Option(names = "--infra-only", description = "Start Kafka and PostgreSQL only, no services.")
    boolean infraOnly;

    @Option(names = "--kafka-port", paramLabel = "PORT",
            description = "Preferred Kafka port (0 = any free one). Default: $SPACETIME_KAFKA_PORT, else 9092.")
    Integer kafkaPort;

    @Option(names = "--postgres-port", paramLabel = "PORT",
            description = "Preferred PostgreSQL port (0 = any free one). Default: $SPACETIME_POSTGRES_PORT, else 5433.")
    Integer postgresPort;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "180",
            description = "How long to wait for the services to become healthy (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--json", description = "Print the status as one JSON object on the last line of stdout.")
    boolean json;

    @Override
    public Integer call() {
        checkPort("--kafka-port", kafkaPort);
        checkPort("--postgres-port", postgresPort);
        if (timeoutSeconds < 1) {
            throw new UserError("--timeout " + timeoutSeconds + " must be at least 1 second");
        }
        LocalStack.Builder b = stack.builder(spec.commandLine().getErr()).healthTimeout(Duration.ofSeconds(timeoutSeconds));
        if (kafkaPort != null) {
            b.kafkaPort(kafkaPort);
        }
        if (postgresPort != null) {
            b.postgresPort(postgresPort);
        }
        b.infraOnly(infraOnly);
        StackStatus status = b.build().up();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.line(status.toJson()));
        } else {
            StackStatusView.print(status, out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void checkPort(String option, Integer port) {
        if (port != null && (port < 0 || port > 65535)) {
            throw new UserError(option + " " + port + " must be a TCP port in 0..65535 (0 = any free port)");
        }
    }
}
