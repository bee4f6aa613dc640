package dev.spacetime.bench.mnist;

import dev.spacetime.engine.model.MlpSpec;
import dev.spacetime.engine.model.ModelSpec;
import dev.spacetime.engine.optim.OptimizerConfig;
import dev.spacetime.engine.optim.Schedule;
import dev.spacetime.engine.train.TrainConfig;

/**
 * What both sides of {@code bench mnist} run: standard-medium (784-128-64-10, ReLU, softmax cross-entropy), batch 64,
 * plain SGD (lr 0.05, no momentum, no weight decay), constant rate, on the same rows, initial weights and batch order.
 * {@code bench peers} runs the same protocol with another model too (RecursiveNet).
 * Per configuration: one warm-up epoch (not counted), then {@code repeats} runs of {@code epochs} epochs, each from the
 * same initial weights and through the same per-epoch orders.
 *
 * @param model   the network (bench mnist: {@link #spec()})
 * @param seed    initial weights and batch order (the Trainer's seed)
 * @param epochs  timed epochs per repeat, ≥ 1
 * @param repeats runs per configuration, ≥ 1
 */
public record MnistProtocol(ModelSpec model, long seed, int epochs, int repeats) {

    public static final String MODEL = "medium";
    public static final int BATCH = 64;
    public static final double LR = 0.05;
    /** The FLOP convention of the GFLOP/s column: 3 × 2 × (784·128 + 128·64 + 64·10) per sample. */
    public static final long FLOPS_PER_SAMPLE = 3L * 2 * (784 * 128 + 128 * 64 + 64 * 10);
    public static final String FLOPS_FORMULA = "3 × 2 × (784·128 + 128·64 + 64·10) = " + FLOPS_PER_SAMPLE
            + " FLOPs per sample (forward + backward ≈ 2× forward; neither side computes layer 1's input gradient,"
            + " so both do 454,400 per sample in fact)";

    /** bench mnist's protocol: standard-medium. */
    public MnistProtocol(long seed, int epochs, int repeats) {
        this(spec(), seed, epochs, repeats);
    }

    public MnistProtocol {
        if (model == null) {
            throw new IllegalArgumentException("a model is required");
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs " + epochs + " must be at least 1");
        }
        if (repeats < 1) {
            throw new IllegalArgumentException("--repeats " + repeats + " must be at least 1");
        }
    }

    /** bench mnist's model, standard-medium. */
    public static MlpSpec spec() {
        return MlpSpec.standard(MODEL);
    }

    public static OptimizerConfig optimizer() {
        return OptimizerConfig.sgd(LR);
    }

    /** The Trainer's configuration for {@code epochs} epochs on {@code threads} threads (no latency probe). */
    public TrainConfig trainConfig(int epochs, int threads) {
        return new TrainConfig(epochs, BATCH, optimizer(), Schedule.CONSTANT, seed, threads, 0);
    }

    /** GFLOP/s of an epoch over {@code rows} rows that took {@code seconds}. */
    public static double gflops(int rows, double seconds) {
        return rows * (double) FLOPS_PER_SAMPLE / seconds / 1e9;
    }
}
