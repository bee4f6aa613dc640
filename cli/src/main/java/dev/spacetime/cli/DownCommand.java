package dev.spacetime.cli;

import dev.spacetime.stack.LocalStack;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spacetime down}: stops exactly the processes {@code up} recorded; data stays for the next {@code up}. */
@Command(name = "down", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Stop the local stack (the processes `spacetime up` started); its data is kept.")
final class DownCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions stack;

    @Option(names = "--json", description = "Print {\"stopped\": [...]} as one JSON object on the last line of stdout.")
    boolean json;

    @Override
    public Integer call() {
        LocalStack local = stack.builder(spec.commandLine().getErr()).build();
        List<String> stopped = local.down();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.line(Map.of("stopped", stopped)));
        } else if (stopped.isEmpty()) {
            out.println("nothing to stop: no stack runs from " + local.dir());
        } else {
            out.println("stopped " + String.join(", ", stopped));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
