package dev.spacetime.trainer.service;

import dev.spacetime.engine.train.EpochMetrics;
import java.nio.file.Path;
import java.util.Map;

/** What a {@link JobRunner} reports to, and asks of, the job's execution. Called on the job's worker thread. */
public interface RunContext {

    /** Kernel threads for this job: cores / concurrent jobs. */
    int threads();

    /** Epochs in the job's checkpoint (0: start from scratch). */
    int resumeEpochs();

    /** Where the job's checkpoint lives. */
    Path checkpointFile();

    /** Data loaded and model built: training begins (STARTED). {@code resumedFrom} = epochs restored, else 0. */
    void started(int resumedFrom, Map<String, String> details);

    /** An epoch finished (PROGRESS, rate-limited). */
    void epochFinished(EpochMetrics metrics, long steps);

    /** After an epoch: the context decides whether to write a checkpoint now (CHECKPOINTED once it is on disk). */
    void epochCheckpoint(int epoch, JobRunner.CheckpointWriter writer);

    /** A step-counted run begins (STARTED) at {@code resumedFromStep} (0: from scratch). */
    void startedAtStep(long resumedFromStep, Map<String, String> details);

    /** A report interval of a step-counted run ended at {@code step} (PROGRESS, rate-limited; the last step always). */
    void stepsReported(long step, Map<String, Double> metrics);

    /** The engine made step {@code step} durable in its own checkpoint (CHECKPOINTED). */
    void stepCheckpointed(long step);

    /** The job's folder in the artifact store, for engines that keep their own files there. */
    Path jobDir();

    /** Checked at every step boundary: cancel, shutdown, or the job's time limit. */
    boolean stopRequested();

    /** A note for the service log. */
    void log(String line);
}
