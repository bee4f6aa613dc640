package dev.spacetime.cli;

import dev.spacetime.stack.LocalStack;
import dev.spacetime.stack.StackStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the trainer and the broker are: given, or the local stack's ({@code spacetime status}). Shared by
 * {@code submit}, {@code watch} and {@code cancel}.
 */
final class ServiceOptions {

    static final String TOKEN_ENV = LocalStack.API_TOKEN_ENV;

    @Option(names = "--trainer", paramLabel = "URL", description = "trainer-service base URL (default: the local stack's).")
    String trainer;

    @Option(names = "--kafka", paramLabel = "HOST:PORT", description = "Kafka bootstrap address (default: the local stack's).")
    String kafka;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Bearer token of the mutating endpoints (default: $SPACETIME_API_TOKEN, else the local stack's).")
    String token;

    @Option(names = "--stack-dir", paramLabel = "DIR", description = "The local stack's folder (default: .spacetime/stack).")
    Path stackDir;

    private LocalStack stack;
    private StackStatus status;

    private LocalStack stack(PrintWriter err) {
        if (stack == null) {
            LocalStack.Builder b = LocalStack.builder().progress(line -> { });
            if (stackDir != null) {
                b.dir(stackDir);
            }
            stack = b.build();
        }
        return stack;
    }

    private StackStatus status(PrintWriter err) {
        if (status == null) {
            status = stack(err).status();
        }
        return status;
    }

    /** The trainer's REST API at {@link #trainerUrl} with {@link #token}. */
    TrainerClient trainer(PrintWriter err) {
        return new TrainerClient(trainerUrl(err), token(err));
    }

    String trainerUrl(PrintWriter err) {
        if (trainer != null) {
            return trainer.replaceAll("/+$", "");
        }
        StackStatus s = status(err);
        String url = s.serviceUrls().get("trainer");
        if (url == null || s.components().get("trainer") != dev.spacetime.stack.Health.UP) {
            throw new UserError("the local stack's trainer is not running: start it with ./spacetime up, or pass "
                    + "--trainer URL (and --kafka HOST:PORT)");
        }
        return url;
    }

    String kafka(PrintWriter err) {
        if (kafka != null) {
            return kafka;
        }
        String k = status(err).kafkaBootstrap();
        if (k == null) {
            throw new UserError("the local stack's Kafka broker is not running: start it with ./spacetime up, or pass "
                    + "--kafka HOST:PORT");
        }
        return k;
    }

    String token(PrintWriter err) {
        if (token != null) {
            return token;
        }
        String env = System.getenv(TOKEN_ENV);
        if (env != null && !env.isBlank()) {
            return env;
        }
        return stack(err).apiToken();
    }
}
