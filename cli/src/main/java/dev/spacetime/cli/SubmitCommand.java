package dev.spacetime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code spacetime submit}: a job (a JSON file, or {@code --model/--dataset} and the options of {@code train}) or a
 * sweep ({@code --sweep}) to the trainer over REST; {@code --wait} follows the job events on Kafka until every job
 * ended and prints the runs in the {@code train --json} shape.
 */
@Command(name = "submit", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Submit a training job or a sweep to trainer-service (the local stack's by default).",
        footer = {"", "--sweep SPEC: preset:NAME (an experiment preset: recursive-vs-standard, sequential2d, xor, iris; "
                + "with --quick for its quick grid), a JSON file {\"base\": {...}, \"grid\": {...}, \"seeds\": N}, or an "
                + "inline grid such as 'lr=0.01,0.02;hidden=64,128' over the job given by --model/--dataset.",
                "--wait --json: the last stdout line is the run (a sweep: an array of runs) as `train --json` prints it, "
                        + "plus job_id, status, model_name, model_version."})
final class SubmitCommand implements Callable<Integer> {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "A job (TrainingJob JSON) or a sweep request.")
    Path file;

    @Option(names = "--model", paramLabel = "NAME", description = "Model name, as for train.")
    String model;

    @Option(names = "--dataset", paramLabel = "NAME", description = "Data set name, as for train.")
    String dataset;

    @Option(names = "--engine", paramLabel = "NAME", description = "simd (default) or chunked-disk.")
    String engine;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    JobOptions hyper;

    @Mixin
    DeepJobOptions deep;

    @Option(names = "--seed", paramLabel = "N", description = "Initial weights and batch order (default 1).")
    Long seed;

    @Option(names = "--job-id", paramLabel = "ID", description = "The job's id (default: generated).")
    String jobId;

    @Option(names = "--sweep", paramLabel = "SPEC", description = "Submit a sweep instead of one job (see below).")
    String sweep;

    @Option(names = "--sweep-id", paramLabel = "ID", description = "The sweep's id (default: generated).")
    String sweepId;

    @Option(names = "--seeds", paramLabel = "N", description = "Seeds per sweep point: 1..N (presets: their first N seeds).")
    Integer seeds;

    @Option(names = "--quick", description = "With --sweep preset:NAME: the preset's quick grid.")
    boolean quick;

    @Option(names = "--wait", description = "Follow the job events until every job ended; exit 1 unless all COMPLETED.")
    boolean waitFor;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "With --wait: give up after this long (default: never).")
    Long timeoutSeconds;

    @Option(names = "--json", description = "Print the result as one JSON line, the last line of stdout.")
    boolean json;

    @Mixin
    ServiceOptions service;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        boolean isSweep;
        ObjectNode body;
        if (file != null && (model != null || dataset != null)) {
            throw new UserError("give FILE or --model/--dataset, not both");
        }
        if (sweep != null) {
            body = sweepBody();
            isSweep = true;
        } else if (file != null) {
            body = readObject(file);
            isSweep = body.has("base") || body.has("grid") || body.has("points");
            if (isSweep) {
                mergeInto(body.with("base"));
            } else {
                mergeInto(body);
            }
        } else {
            // chunked-disk trains on MNIST only: the trainer fills in the data set
            if (model == null || (dataset == null && !chunkedDisk())) {
                throw new UserError("name the job: --model NAME --dataset NAME (or a FILE, or --sweep SPEC)");
            }
            body = MAPPER.createObjectNode();
            mergeInto(body);
            isSweep = false;
        }
        if (!isSweep && seeds != null) {
            throw new UserError("--seeds " + seeds + " only applies to a sweep (--sweep SPEC)");
        }
        TrainerClient trainer = service.trainer(err);
        Instant submittedAt = Instant.now();
        List<String> ids = new ArrayList<>();
        String sweepName = null;
        if (isSweep) {
            JsonNode r = trainer.post("/sweeps", body.toString());
            sweepName = r.path("sweepId").asText();
            r.path("jobs").forEach(j -> ids.add(j.path("jobId").asText()));
            human(out, err).println("submitted sweep " + sweepName + ": " + ids.size() + " job(s)");
        } else {
            JsonNode r = trainer.post("/jobs", body.toString());
            ids.add(r.path("jobId").asText());
            human(out, err).println("submitted job " + ids.getFirst());
        }
        human(out, err).flush();
        if (!waitFor) {
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                if (isSweep) {
                    m.put("sweep_id", sweepName);
                    m.put("job_ids", ids);
                } else {
                    m.put("job_id", ids.getFirst());
                }
                m.put("status", "SUBMITTED");
                out.println(Json.line(m));
                out.flush();
            }
            return ExitCodes.OK;
        }
        JobProgress progress = new JobProgress(err, new LinkedHashSet<>(ids), sweepName);
        try (JobEventStream events = new JobEventStream(service.kafka(err), submittedAt.minusSeconds(5))) {
            boolean done = events.follow(progress::accept, () -> progress.allFinal(ids.size()),
                    timeoutSeconds == null ? null : Duration.ofSeconds(timeoutSeconds));
            if (!done) {
                throw new UserError("--timeout " + timeoutSeconds + " s passed before every job ended; follow them with "
                        + "./spacetime watch " + (sweepName != null ? sweepName : ids.getFirst()));
            }
        }
        return Results.report(trainer, ids, sweepName != null, json, out, err);
    }

    private PrintWriter human(PrintWriter out, PrintWriter err) {
        return json ? err : out;
    }

    /** The sweep request for --sweep SPEC. */
    private ObjectNode sweepBody() {
        ObjectNode body = MAPPER.createObjectNode();
        if (file != null) {
            throw new UserError("give FILE or --sweep SPEC, not both");
        }
        if (sweep.startsWith("preset:")) {
            presetPoints(sweep.substring("preset:".length()), body);
            body.putObject("base");
            mergeInto((ObjectNode) body.get("base"));
            // Options given on the command line apply to every point (e.g. --train-limit for a smoke run).
            Map<String, String> overrides = hyper.given();
            body.withArray("points").forEach(p -> overrides.forEach(((ObjectNode) p)::put));
        } else if (Files.isRegularFile(Path.of(sweep))) {
            body = readObject(Path.of(sweep));
            mergeInto(body.with("base"));
        } else {
            ObjectNode grid = body.putObject("grid");
            for (String axis : sweep.split(";")) {
                int eq = axis.indexOf('=');
                if (eq <= 0 || eq == axis.length() - 1) {
                    throw new UserError("--sweep '" + sweep + "': each axis is KEY=V1,V2 (axes separated by ';'), e.g. "
                            + "'lr=0.01,0.02;batch=32,64'");
                }
                ArrayNode values = grid.putArray(axis.substring(0, eq).trim());
                for (String v : axis.substring(eq + 1).split(",")) {
                    values.add(v.trim());
                }
            }
            if (model == null || dataset == null) {
                throw new UserError("an inline --sweep grid varies a job: give --model NAME --dataset NAME too");
            }
            mergeInto(body.putObject("base"));
        }
        if (sweepId != null) {
            body.put("sweepId", sweepId);
        }
        if (seeds != null && !body.has("seedValues")) {
            body.put("seeds", seeds);
        }
        return body;
    }

    /** A preset's configurations as explicit sweep points, with its default seeds. */
    private void presetPoints(String name, ObjectNode body) {
        if (sweepId == null) {
            sweepId = PresetSweep.newId(name);
        }
        body.setAll(PresetSweep.request(name, quick, seeds));
    }

    /** Command-line fields over a job object (they win over the file's). */
    private void mergeInto(ObjectNode job) {
        if (model != null) {
            job.put("model", model);
        }
        if (dataset != null) {
            job.put("dataset", dataset);
        }
        if (engine != null) {
            job.put("engine", engine.toLowerCase(Locale.ROOT));
        }
        if (seed != null) {
            job.put("seed", seed);
        }
        if (jobId != null) {
            job.put("jobId", jobId);
        }
        Map<String, String> options = new LinkedHashMap<>();
        modelOptions.given().forEach((k, v) -> options.put(k.replace('_', '-'), v));
        options.putAll(deep.modelOptions());
        if (!options.isEmpty()) {
            ObjectNode o = job.with("modelOptions");
            options.forEach(o::put);
        }
        Map<String, String> h = new LinkedHashMap<>(hyper.given());
        h.putAll(deep.hyperparameters());
        if (!h.isEmpty()) {
            ObjectNode o = job.with("hyperparameters");
            h.forEach(o::put);
        }
    }

    private boolean chunkedDisk() {
        return engine != null && engine.equalsIgnoreCase("chunked-disk");
    }

    private static ObjectNode readObject(Path path) {
        try {
            JsonNode n = MAPPER.readTree(Files.readString(path));
            if (!(n instanceof ObjectNode o)) {
                throw new UserError(path + " is not a JSON object: a job or a sweep request is expected");
            }
            return o;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UserError(path + " is not valid JSON: " + OneLine.of(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new UserError("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
