package dev.spacetime.engine.train;

import dev.spacetime.engine.optim.Optimizer;
import java.util.List;

/**
 * Everything needed to continue a run exactly where it stood after an epoch: the weights, the optimizer's state,
 * the batch-order generator's state, and the metrics recorded so far. A run resumed from it ends with the same
 * weights as an uninterrupted one.
 */
public record TrainingCheckpoint(int epochsDone, float[] parameters, Optimizer.State optimizer, long orderRngState,
                                 List<EpochMetrics> recorded, double trainSeconds) {

    public TrainingCheckpoint {
        recorded = List.copyOf(recorded);
    }
}
