package dev.spacetime.engine.deep;

/**
 * How to run training (what does not change the resulting weights, except {@code steps}).
 *
 * @param steps            total steps the run should have made when this call returns
 * @param chunkLayers      compute chunk: layers recomputed from one stored boundary state (0 = the file's layout)
 * @param inMemory         keep the whole stack in RAM and write it back at checkpoints
 * @param storeActivations keep every layer's input and slope from the forward pass instead of recomputing them
 * @param checkpointEvery  steps between durable checkpoints (the last step is always one)
 * @param reportEvery      steps between progress reports
 */
public record DeepOptions(long steps, int chunkLayers, boolean inMemory, boolean storeActivations,
                          long checkpointEvery, long reportEvery) {

    public DeepOptions {
        if (steps < 0) {
            throw new IllegalArgumentException("--steps " + steps + " must be ≥ 0");
        }
        if (chunkLayers < 0) {
            throw new IllegalArgumentException("--chunk-layers " + chunkLayers + " must be ≥ 1");
        }
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("--checkpoint-every " + checkpointEvery + " must be ≥ 1");
        }
        if (reportEvery < 1) {
            throw new IllegalArgumentException("--report-every " + reportEvery + " must be ≥ 1");
        }
    }

    public String mode() {
        return inMemory ? "in-memory" : "chunked";
    }
}
