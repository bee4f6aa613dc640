package dev.spacetime.cli;

import dev.spacetime.engine.optim.OptimizerConfig;
import dev.spacetime.engine.optim.Schedule;
import dev.spacetime.engine.train.TrainConfig;
import java.util.Locale;
import picocli.CommandLine.Option;

/** How to train. The values are checked by the engine's records, whose messages name the value and the option. */
final class TrainingOptions {

    static final double DEFAULT_MOMENTUM = 0.9;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "10", description = "Passes over the train split (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "64", description = "Rows per step (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.002", description = "Learning rate (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adam",
            description = "adam, sgd or momentum (default ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--momentum", paramLabel = "M",
            description = "Momentum factor, only with --optimizer momentum (default " + DEFAULT_MOMENTUM + ").")
    Double momentum;

    @Option(names = "--nesterov", description = "Nesterov variant, only with --optimizer momentum.")
    boolean nesterov;

    @Option(names = "--weight-decay", paramLabel = "L2", defaultValue = "0", description = "L2 penalty; 0 = off (default).")
    double weightDecay;

    @Option(names = "--clip-norm", paramLabel = "NORM", defaultValue = "0",
            description = "Clip gradients to this global L2 norm; 0 = off (default).")
    double clipNorm;

    @Option(names = "--schedule", paramLabel = "NAME", defaultValue = "cosine",
            description = "Learning-rate schedule: cosine, constant or linear (default ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Initial weights and batch order (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    Integer threads;

    @Option(names = "--latency-calls", paramLabel = "N", defaultValue = "10000",
            description = "Single-row inference calls timed after training; 0 skips (default ${DEFAULT-VALUE}).")
    int latencyCalls;

    TrainConfig toConfig() {
        if (threads != null && threads < 1) {
            throw new UserError("--threads " + threads + " must be at least 1 (leave it out to use all "
                    + TrainConfig.defaultThreads() + " cores)");
        }
        String kind = optimizer.trim().toLowerCase(Locale.ROOT);
        // The default momentum belongs to the momentum optimizer only: the engine rejects a momentum for the others.
        double m = momentum != null ? momentum : kind.equals("momentum") ? DEFAULT_MOMENTUM : 0;
        OptimizerConfig opt = new OptimizerConfig(kind, lr, m, nesterov, 0.9, 0.999, 1e-8, weightDecay, clipNorm);
        return new TrainConfig(epochs, batch, opt, Schedule.parse(schedule.trim().toLowerCase(Locale.ROOT)), seed,
                threads == null ? TrainConfig.defaultThreads() : threads, latencyCalls);
    }
}
