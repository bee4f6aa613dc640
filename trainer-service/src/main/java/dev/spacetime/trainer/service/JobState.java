package dev.spacetime.trainer.service;

/**
 * What a job's folder remembers between deliveries ({@code jobs/<jobId>/state.json}), written atomically beside the
 * checkpoint.
 *
 * @param sequenceReserved every sequence number up to this one may have been used by an earlier delivery; a resumed
 *                         run continues after it, so sequence numbers stay strictly increasing across a crash
 * @param epochsDone       epochs the checkpoint holds (0 = none)
 * @param modelName        the model artifact's name, once a version was allocated
 * @param modelVersion     the version this job owns (a redone job reuses it), or 0
 */
public record JobState(long sequenceReserved, int epochsDone, String modelName, int modelVersion) {

    public static final JobState NEW = new JobState(0, 0, null, 0);

    public JobState withSequenceReserved(long s) {
        return new JobState(s, epochsDone, modelName, modelVersion);
    }

    public JobState withEpochsDone(int e) {
        return new JobState(sequenceReserved, e, modelName, modelVersion);
    }

    public JobState withModel(String name, int version) {
        return new JobState(sequenceReserved, epochsDone, name, version);
    }
}
