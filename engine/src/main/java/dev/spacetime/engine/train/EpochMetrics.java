package dev.spacetime.engine.train;

/**
 * One epoch. {@code trainSeconds} covers the training loop only (batch gathering, forward, backward, update);
 * validation is timed separately in {@code evalSeconds}.
 */
public record EpochMetrics(int epoch, double trainLoss, double valLoss, double valAccuracy,
                           double trainSeconds, double evalSeconds) {
}
