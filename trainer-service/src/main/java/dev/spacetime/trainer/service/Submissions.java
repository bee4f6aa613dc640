package dev.spacetime.trainer.service;

import dev.spacetime.contracts.EngineKind;
import dev.spacetime.contracts.SchemaVersion;
import dev.spacetime.contracts.TrainingJob;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Jobs and sweeps submitted over REST: completed (an id, the submit time), validated against the engine exactly as
 * the consumer will validate them (so a bad request is a 400 now, not a FAILED event later), and published keyed by
 * job id. A sweep is validated whole before any of its jobs is published.
 */
@ApplicationScoped
public class Submissions {

    /** The most jobs one sweep may create. */
    public static final int MAX_SWEEP_JOBS = 1000;

    /** A job request: a TrainingJob without the fields the service fills in (all optional but model and dataset). */
    public record JobRequest(Integer schemaVersion, String jobId, String sweepId, String engine, String model,
                             String dataset, Map<String, String> modelOptions, Map<String, String> hyperparameters,
                             Long seed, TrainingJob.Limits limits) {
    }

    /**
     * A sweep: the base job, varied over {@code grid} (every combination; keys are model, dataset, a model option or
     * a hyperparameter) or over explicit {@code points}, times {@code seeds} seeds (1..N, or {@code seedValues}).
     */
    public record SweepRequest(String sweepId, JobRequest base, Map<String, List<String>> grid,
                               List<Map<String, String>> points, Integer seeds, List<Long> seedValues) {
    }

    public record Published(String jobId, String sweepId, Integer partition, long seed, Map<String, String> point) {
    }

    private final JobRunners runners;
    private final CommandSink commands;
    private final JobStatusView view;

    public Submissions(JobRunners runners, CommandSink commands, JobStatusView view) {
        this.runners = runners;
        this.commands = commands;
        this.view = view;
    }

    public CompletionStage<Published> submit(JobRequest request) {
        TrainingJob job = toJob(request, request.jobId() == null ? newId("job") : request.jobId(), request.sweepId(),
                request.seed() == null ? 1 : request.seed(), Map.of());
        view.submitted(job.jobId(), job.sweepId());
        return commands.submit(job, null).thenApply(v -> new Published(job.jobId(), job.sweepId(), null, job.seed(), Map.of()));
    }

    public CompletionStage<List<Published>> sweep(SweepRequest request) {
        if (request.base() == null) {
            throw new InvalidJobException("base", "base is missing: the job every sweep point starts from, e.g. "
                    + "{\"model\":\"iris\",\"dataset\":\"iris\"}");
        }
        String sweepId = request.sweepId() == null ? newId("sweep") : request.sweepId();
        if (!ArtifactStore.validJobId(sweepId)) {
            throw new InvalidJobException("sweepId", "sweepId '" + sweepId + "' must be letters, digits, '.', '_' or '-'");
        }
        List<Map<String, String>> points = points(request);
        List<Long> seeds = seeds(request);
        if ((long) points.size() * seeds.size() > MAX_SWEEP_JOBS) {
            throw new InvalidJobException("grid", "the sweep makes " + (long) points.size() * seeds.size() + " jobs; at most "
                    + MAX_SWEEP_JOBS + " per sweep");
        }
        List<TrainingJob> jobs = new ArrayList<>();
        int width = Integer.toString(points.size() * seeds.size()).length();
        int i = 0;
        for (Map<String, String> point : points) {
            for (long seed : seeds) {
                String id = sweepId + "-" + String.format("%0" + width + "d", ++i);
                try {
                    jobs.add(toJob(request.base(), id, sweepId, seed, point));
                } catch (InvalidJobException e) {
                    throw new InvalidJobException(e.field(), "sweep point " + point + " (seed " + seed + "): " + e.getMessage());
                }
            }
        }
        return commands.jobPartitions().thenCompose(partitions -> {
            List<CompletableFuture<Published>> sent = new ArrayList<>();
            int offset = ThreadLocalRandom.current().nextInt(Math.max(1, partitions));
            for (int k = 0; k < jobs.size(); k++) {
                TrainingJob job = jobs.get(k);
                // Round-robin over the partitions, so the sweep's jobs spread over the trainers of the group.
                Integer partition = partitions > 0 ? (offset + k) % partitions : null;
                view.submitted(job.jobId(), sweepId);
                Map<String, String> point = points.get(k / seeds.size());
                sent.add(commands.submit(job, partition).toCompletableFuture()
                        .thenApply(v -> new Published(job.jobId(), sweepId, partition, job.seed(), point)));
            }
            return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                    .thenApply(v -> sent.stream().map(CompletableFuture::join).toList());
        });
    }

    private TrainingJob toJob(JobRequest r, String jobId, String sweepId, long seed, Map<String, String> point) {
        if (r.schemaVersion() != null && (r.schemaVersion() < 1 || r.schemaVersion() > SchemaVersion.CURRENT)) {
            throw new InvalidJobException("schemaVersion", "schemaVersion " + r.schemaVersion() + ": this trainer reads 1.."
                    + SchemaVersion.CURRENT);
        }
        if (!ArtifactStore.validJobId(jobId)) {
            throw new InvalidJobException("jobId", "jobId '" + jobId + "' must be 1-128 letters, digits, '.', '_' or '-'");
        }
        EngineKind engine;
        try {
            engine = r.engine() == null ? EngineKind.SIMD : EngineKind.parse(r.engine());
        } catch (IllegalArgumentException e) {
            throw new InvalidJobException("engine", "engine: " + e.getMessage());
        }
        String model = r.model();
        String dataset = r.dataset();
        Map<String, String> options = new LinkedHashMap<>(r.modelOptions() == null ? Map.of() : r.modelOptions());
        Map<String, String> hyper = new LinkedHashMap<>(r.hyperparameters() == null ? Map.of() : r.hyperparameters());
        List<String> optionNames = runners.forJob(new TrainingJob(SchemaVersion.CURRENT, jobId, sweepId, engine, model,
                dataset, Map.of(), Map.of(), seed, r.limits(), Instant.now())).modelOptionNames();
        for (Map.Entry<String, String> e : point.entrySet()) {
            switch (e.getKey()) {
                case "model" -> model = e.getValue();
                case "dataset" -> dataset = e.getValue();
                default -> {
                    if (optionNames.contains(e.getKey())) {
                        options.put(e.getKey(), e.getValue());
                    } else {
                        hyper.put(e.getKey(), e.getValue());
                    }
                }
            }
        }
        TrainingJob job = new TrainingJob(SchemaVersion.CURRENT, jobId, sweepId, engine, model, dataset, options, hyper,
                seed, r.limits(), Instant.now());
        runners.forJob(job).plan(job);
        return job;
    }

    private static List<Map<String, String>> points(SweepRequest r) {
        boolean hasGrid = r.grid() != null && !r.grid().isEmpty();
        boolean hasPoints = r.points() != null && !r.points().isEmpty();
        if (hasGrid && hasPoints) {
            throw new InvalidJobException("grid", "give grid or points, not both");
        }
        if (hasPoints) {
            return r.points().stream().map(p -> p == null ? Map.<String, String>of() : Map.copyOf(p)).toList();
        }
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        if (hasGrid) {
            for (Map.Entry<String, List<String>> axis : r.grid().entrySet()) {
                if (axis.getValue() == null || axis.getValue().isEmpty()) {
                    throw new InvalidJobException("grid." + axis.getKey(), "grid." + axis.getKey()
                            + " has no values: give at least one");
                }
                List<Map<String, String>> next = new ArrayList<>();
                for (Map<String, String> p : out) {
                    for (String v : axis.getValue()) {
                        Map<String, String> q = new LinkedHashMap<>(p);
                        q.put(axis.getKey(), v);
                        next.add(q);
                    }
                }
                out = next;
                if (out.size() > MAX_SWEEP_JOBS) {
                    throw new InvalidJobException("grid", "the grid has more than " + MAX_SWEEP_JOBS + " points");
                }
            }
        }
        return out;
    }

    private static List<Long> seeds(SweepRequest r) {
        if (r.seedValues() != null && !r.seedValues().isEmpty()) {
            if (r.seeds() != null) {
                throw new InvalidJobException("seeds", "give seeds (a count) or seedValues, not both");
            }
            return List.copyOf(r.seedValues());
        }
        int n = r.seeds() == null ? 1 : r.seeds();
        if (n < 1 || n > MAX_SWEEP_JOBS) {
            throw new InvalidJobException("seeds", "seeds " + n + " must be in 1.." + MAX_SWEEP_JOBS + " (seeds 1..N)");
        }
        List<Long> seeds = new ArrayList<>();
        for (long s = 1; s <= n; s++) {
            seeds.add(s);
        }
        return seeds;
    }

    static String newId(String prefix) {
        byte[] b = new byte[6];
        ThreadLocalRandom.current().nextBytes(b);
        return prefix + "-" + HexFormat.of().formatHex(b);
    }
}
