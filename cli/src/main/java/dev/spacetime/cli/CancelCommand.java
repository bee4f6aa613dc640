package dev.spacetime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code spacetime cancel JOB}: a running job stops at its next step; a queued one never starts. */
@Command(name = "cancel", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Cancel a job: it ends with a CANCELLED event (follow it with watch).")
final class CancelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "JOB", description = "The job id.")
    String id;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded in the CANCELLED event).")
    String reason;

    @Option(names = "--json", description = "Print the answer as one JSON line.")
    boolean json;

    @Mixin
    ServiceOptions service;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        TrainerClient trainer = service.trainer(err);
        JsonNode r = trainer.cancel(id, reason == null ? "cancelled with spacetime cancel" : reason);
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("job_id", id);
            m.put("status", r.path("status").asText());
            out.println(Json.line(m));
        } else {
            out.println("cancel requested for job " + id + " (./spacetime watch " + id + " shows when it stopped)");
        }
        out.flush();
        return ExitCodes.OK;
    }
}
