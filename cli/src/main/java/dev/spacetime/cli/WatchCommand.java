package dev.spacetime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code spacetime watch JOB|SWEEP}: live progress from the job-events stream until the job (every job) ended. */
@Command(name = "watch", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Follow a job or a sweep live from the job events until it ended.")
final class WatchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "JOB|SWEEP", description = "A job id or a sweep id.")
    String id;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up after this long (default: never).")
    Long timeoutSeconds;

    @Option(names = "--json", description = "At the end, print the run(s) as one JSON line (as submit --wait --json).")
    boolean json;

    @Mixin
    ServiceOptions service;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        TrainerClient trainer = service.trainer(err);
        List<String> ids = new ArrayList<>();
        String sweepId = null;
        JsonNode job = trainer.get("/jobs/" + id);
        if (job != null) {
            ids.add(id);
        } else {
            JsonNode sweep = trainer.get("/sweeps/" + id);
            if (sweep == null) {
                throw new UserError("no job or sweep '" + id + "' is known to the trainer (yet): check the id, or wait "
                        + "until a trainer accepted it");
            }
            sweepId = id;
            sweep.path("jobs").forEach(j -> ids.add(j.path("jobId").asText()));
        }
        PrintWriter progressOut = json ? err : out;
        JobProgress progress = new JobProgress(progressOut, new LinkedHashSet<>(ids), sweepId);
        try (JobEventStream events = new JobEventStream(service.kafka(err), null)) {
            boolean done = events.follow(progress::accept, () -> progress.allFinal(ids.size()),
                    timeoutSeconds == null ? null : Duration.ofSeconds(timeoutSeconds));
            if (!done) {
                throw new UserError("--timeout " + timeoutSeconds + " s passed before " + id + " ended");
            }
        }
        return Results.report(trainer, new ArrayList<>(progress.jobs()), sweepId != null, json, out, err);
    }
}
