package dev.spacetime.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * One training run to execute. The trainer validates every field against the engine and answers a bad job with a
 * FAILED {@link JobEvent} naming the field; the raw record goes to the dead-letter topic.
 *
 * @param jobId      unique id (also the Kafka key)
 * @param sweepId    the sweep this job belongs to, or null
 * @param engine     simd or chunked-disk
 * @param model      model name as the CLI takes it (standard-medium, recursive, sequential2d, iris, xor, mlp, deep)
 * @param dataset    mnist, mnist-50, fashion-mnist, iris, xor
 * @param modelOptions shape options by CLI name without dashes (depth, hidden, param-budget, preset, iterations,
 *                   layers; for chunked-disk: layers, width, activation, alpha, chunk-layers)
 * @param hyperparameters training options by CLI name (epochs, batch, lr, optimizer, momentum, nesterov,
 *                   weight-decay, clip-norm, schedule, split-seed, train-limit; chunked-disk: steps, layer-lr, head-lr)
 * @param seed       initial weights and batch order
 * @param limits     optional bounds the trainer enforces
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingJob(int schemaVersion, String jobId, String sweepId, EngineKind engine, String model, String dataset,
                          Map<String, String> modelOptions, Map<String, String> hyperparameters, long seed,
                          Limits limits, Instant submittedAt) {

    /** @param maxSeconds wall-clock budget (0 = none); @param maxEpochs refuse jobs asking for more (0 = none) */
    public record Limits(long maxSeconds, int maxEpochs) {
        public static final Limits NONE = new Limits(0, 0);
    }

    public TrainingJob {
        SchemaVersion.check(schemaVersion, "TrainingJob");
        modelOptions = modelOptions == null ? Map.of() : Map.copyOf(modelOptions);
        hyperparameters = hyperparameters == null ? Map.of() : Map.copyOf(hyperparameters);
        limits = limits == null ? Limits.NONE : limits;
    }
}
