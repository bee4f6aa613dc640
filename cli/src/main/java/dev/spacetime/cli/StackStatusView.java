package dev.spacetime.cli;

import dev.spacetime.stack.Health;
import dev.spacetime.stack.StackStatus;
import java.io.PrintWriter;
import java.util.Locale;

/** The human-readable status table that {@code up} and {@code status} print. */
final class StackStatusView {

    private StackStatusView() {
    }

    static void print(StackStatus s, PrintWriter out) {
        String row = "%-10s %-8s %s%n";
        out.printf(Locale.ROOT, row, "COMPONENT", "HEALTH", "ADDRESS");
        s.components().forEach((name, health) -> out.printf(Locale.ROOT, row, name, health, address(s, name, health)));
    }

    private static String address(StackStatus s, String name, Health health) {
        return switch (name) {
            case "kafka" -> s.kafkaBootstrap() != null ? s.kafkaBootstrap() : "-";
            case "postgres" -> s.jdbcUrl() != null ? s.jdbcUrl() : "-";
            default -> {
                String url = s.serviceUrls().getOrDefault(name, "-");
                yield health == Health.SKIPPED ? url + " (jar not built)" : url;
            }
        };
    }
}
