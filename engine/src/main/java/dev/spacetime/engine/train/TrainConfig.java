package dev.spacetime.engine.train;

import dev.spacetime.engine.optim.OptimizerConfig;
import dev.spacetime.engine.optim.Schedule;

/**
 * How to train: everything that, with the model spec and the data split, determines the resulting weights.
 *
 * @param epochs       passes over the training split, ≥ 1
 * @param batch        rows per step, ≥ 1 (the last step of an epoch takes the remainder)
 * @param optimizer    optimizer and all its options
 * @param schedule     learning-rate schedule over the run's steps
 * @param seed         initial weights and batch order (the data split has its own seed)
 * @param threads      worker threads for the kernels (results do not depend on it)
 * @param latencyCalls single-row inference calls timed after training (0 = skip)
 * @param recordEvery  record metrics (and run validation) every this many epochs, and at the last one: a 100,000-epoch
 *                     XOR run spends more on per-epoch bookkeeping than on training otherwise
 */
public record TrainConfig(int epochs, int batch, OptimizerConfig optimizer, Schedule schedule, long seed, int threads,
                          int latencyCalls, int recordEvery) {

    /** Metrics every epoch. */
    public TrainConfig(int epochs, int batch, OptimizerConfig optimizer, Schedule schedule, long seed, int threads,
                       int latencyCalls) {
        this(epochs, batch, optimizer, schedule, seed, threads, latencyCalls, 1);
    }

    public TrainConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs " + epochs + " must be at least 1");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch size " + batch + " must be at least 1 (e.g. --batch 64)");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " must be at least 1");
        }
        if (latencyCalls < 0) {
            throw new IllegalArgumentException("latency calls " + latencyCalls + " must be ≥ 0");
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("an optimizer configuration is required");
        }
        if (schedule == null) {
            schedule = Schedule.CONSTANT;
        }
        if (recordEvery < 1) {
            throw new IllegalArgumentException("record interval " + recordEvery + " must be at least 1 epoch");
        }
    }

    public TrainConfig withRecordEvery(int every) {
        return new TrainConfig(epochs, batch, optimizer, schedule, seed, threads, latencyCalls, every);
    }

    public TrainConfig withLatencyCalls(int calls) {
        return new TrainConfig(epochs, batch, optimizer, schedule, seed, threads, calls, recordEvery);
    }

    /** Default thread count: every core the JVM may use. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }
}
