package dev.spacetime.engine.train;

/**
 * One recorded epoch. {@code trainSeconds} covers the training loop only (batch gathering, forward, backward,
 * update), averaged over the epochs since the previous record when metrics are recorded every few epochs;
 * validation is timed separately in {@code evalSeconds}. {@code trainLoss} is the mean loss of this epoch's steps.
 */
public record EpochMetrics(int epoch, double trainLoss, double valLoss, double valAccuracy,
                           double trainSeconds, double evalSeconds) {
}
