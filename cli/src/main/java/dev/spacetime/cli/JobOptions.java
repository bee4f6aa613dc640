package dev.spacetime.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The training options of {@code train}, as a job's hyperparameters. Only what is given is sent: the trainer fills in
 * the same defaults as {@code train} and checks every value (its message names the field).
 */
final class JobOptions {

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the train split (trainer default 10).")
    String epochs;

    @Option(names = "--batch", paramLabel = "N", description = "Rows per step (default 64).")
    String batch;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (default 0.002).")
    String lr;

    @Option(names = "--optimizer", paramLabel = "NAME", description = "adam, sgd or momentum (default adam).")
    String optimizer;

    @Option(names = "--momentum", paramLabel = "M", description = "Momentum factor, only with --optimizer momentum.")
    String momentum;

    @Option(names = "--nesterov", description = "Nesterov variant, only with --optimizer momentum.")
    Boolean nesterov;

    @Option(names = "--weight-decay", paramLabel = "L2", description = "L2 penalty; 0 = off (default).")
    String weightDecay;

    @Option(names = "--clip-norm", paramLabel = "NORM", description = "Clip gradients to this global L2 norm; 0 = off.")
    String clipNorm;

    @Option(names = "--schedule", paramLabel = "NAME", description = "cosine (default), constant or linear.")
    String schedule;

    @Option(names = "--train-limit", paramLabel = "N", description = "Train on the first N rows only; 0 = all.")
    String trainLimit;

    @Option(names = "--split-seed", paramLabel = "N", description = "Seed of the train/validation split (default 0).")
    String splitSeed;

    @Option(names = "--latency-calls", paramLabel = "N", description = "Single-row inference calls timed after training.")
    String latencyCalls;

    @Option(names = "--record-every", paramLabel = "N", description = "Record metrics every N epochs (default 1).")
    String recordEvery;

    /** The given options by hyperparameter name. */
    Map<String, String> given() {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "epochs", epochs);
        put(m, "batch", batch);
        put(m, "lr", lr);
        put(m, "optimizer", optimizer);
        put(m, "momentum", momentum);
        put(m, "nesterov", nesterov == null ? null : nesterov.toString());
        put(m, "weight-decay", weightDecay);
        put(m, "clip-norm", clipNorm);
        put(m, "schedule", schedule);
        put(m, "train-limit", trainLimit);
        put(m, "split-seed", splitSeed);
        put(m, "latency-calls", latencyCalls);
        put(m, "record-every", recordEvery);
        return m;
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
