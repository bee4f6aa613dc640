package dev.spacetime.cli;

import dev.spacetime.stack.LocalStack;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the local stack lives; shared by {@code up}, {@code down} and {@code status}. */
final class StackOptions {

    @Option(names = "--stack-dir", paramLabel = "DIR",
            description = "The stack's folder (state, data, logs). Default: $SPACETIME_STACK_DIR, else .spacetime/stack "
                    + "in the checkout.")
    Path stackDir;

    LocalStack.Builder builder(PrintWriter progress) {
        LocalStack.Builder b = LocalStack.builder().progress(line -> {
            progress.println(line);
            progress.flush();
        });
        if (stackDir != null) {
            b.dir(stackDir);
        }
        return b;
    }
}
