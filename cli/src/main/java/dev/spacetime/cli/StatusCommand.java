package dev.spacetime.cli;

import dev.spacetime.stack.StackStatus;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spacetime status}: URLs and the health of each component of the local stack, probed now. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show the local stack's addresses and each component's health (UP, DOWN, STOPPED, SKIPPED).",
        footer = "--json keys: trainer_url, results_url, inference_url, kafka_bootstrap, jdbc_url, "
                + "components {name: health}, healthy, artifact_dir, logs {name: file}.")
final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions stack;

    @Option(names = "--json", description = "Print the status as one JSON object on the last line of stdout.")
    boolean json;

    @Override
    public Integer call() {
        StackStatus status = stack.builder(spec.commandLine().getErr()).build().status();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.line(status.toJson()));
        } else {
            StackStatusView.print(status, out);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
