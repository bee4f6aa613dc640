package dev.spacetime.trainer.service;

import dev.spacetime.contracts.EngineKind;
import dev.spacetime.contracts.TrainingJob;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One engine behind the trainer: checks a job's engine-specific fields, then runs it, reporting through a
 * {@link RunContext} (events, checkpoints, cancel). The SIMD engine is {@link SimdJobRunner} (runs counted in epochs,
 * checkpoints written by the trainer); the chunked-disk engine is {@link ChunkedDiskJobRunner} (runs counted in
 * steps, checkpoints made by the engine in its own files).
 */
public interface JobRunner {

    EngineKind engine();

    /** The keys of {@code modelOptions} (a sweep point's other keys are hyperparameters). */
    List<String> modelOptionNames();

    /**
     * The job's run plan, or an {@link InvalidJobException} naming the first bad field. Cheap: no data is loaded, so
     * a bad job fails in milliseconds.
     */
    Plan plan(TrainingJob job);

    /**
     * Runs (or resumes, when {@link RunContext#resumeEpochs()} &gt; 0) the plan. Throws
     * {@code TrainingStoppedException} when {@link RunContext#stopRequested()} turned true, and the engine's own
     * exceptions (divergence, missing data) when the run fails.
     */
    Outcome run(Plan plan, RunContext context);

    /** A validated job: what events and the model artifact say about its configuration. */
    interface Plan {
        /** Epochs of an epoch-counted run, else 0. */
        int epochs();

        /** Steps of a step-counted run (chunked-disk), else 0. */
        default long steps() {
            return 0;
        }

        /** model, dataset, engine, seed, sweep and every option and hyperparameter (defaults filled in) by CLI name. */
        Map<String, String> attributes();
    }

    /** Writes the trained model to the artifact store: {@code file} and, for a multi-file model, its siblings. */
    @FunctionalInterface
    interface ModelWriter {
        void write(Path file) throws IOException;
    }

    /** Writes a checkpoint of the run after an epoch. */
    @FunctionalInterface
    interface CheckpointWriter {
        void write(Path file) throws IOException;
    }

    /**
     * A finished run.
     *
     * @param modelName    the registry name (the model spec's display name, e.g. {@code recursive-d4-h89})
     * @param architecture the spec as key=value pairs
     * @param metrics      the headline figures of the COMPLETED event (finite values only)
     * @param run          the run in the {@code spacetime train --json} shape
     * @param artifactName the file name of the artifact in {@code models/<name>/<version>/} (its SHA-256 is announced)
     */
    record Outcome(String modelName, Map<String, String> architecture, Map<String, Double> metrics,
                   Map<String, Object> run, String artifactName, ModelWriter model) {
    }
}
