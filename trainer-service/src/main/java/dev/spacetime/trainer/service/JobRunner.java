package dev.spacetime.trainer.service;

import dev.spacetime.contracts.EngineKind;
import dev.spacetime.contracts.TrainingJob;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * One engine behind the trainer: checks a job's engine-specific fields, then runs it, reporting through a
 * {@link RunContext} (events, checkpoints, cancel). The SIMD engine is {@link SimdJobRunner}; the chunked-disk engine
 * plugs in here when it lands (until then {@link JobRunners} answers its jobs with a FAILED event).
 */
public interface JobRunner {

    EngineKind engine();

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
        int epochs();

        /** model, dataset, engine, seed, sweep and every option and hyperparameter (defaults filled in) by CLI name. */
        Map<String, String> attributes();
    }

    /** Writes the trained model to the artifact store. */
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
     */
    record Outcome(String modelName, Map<String, String> architecture, Map<String, Double> metrics,
                   Map<String, Object> run, ModelWriter model) {
    }
}
