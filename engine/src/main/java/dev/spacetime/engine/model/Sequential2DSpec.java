package dev.spacetime.engine.model;

import dev.spacetime.engine.loss.LossFunction;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sequential2D (arXiv 2404.00880): the network state is a row of blocks [x₀ | x₁ | … | x_B] (x₀ the input, kept by
 * an identity block); one application of the map computes every other block as Σⱼ (xⱼ·Wᵢⱼ + bᵢⱼ) over its present
 * blocks. The map is applied {@code iterations} times with ReLU between applications; the output is the last block.
 *
 * <ul>
 *   <li>{@code layered}: only the blocks (i, i−1) — the layered MLP written as a block map; after B iterations the
 *       last block equals the MLP's output.</li>
 *   <li>{@code full}: every block (i ≥ 1, any j), each with its own bias, as in the paper's code.</li>
 *   <li>{@code random-sparse}: the full map with a seeded 0/1 mask that keeps exactly as many trainable entries
 *       (weights and biases alike, chosen uniformly) as the layered map has.</li>
 * </ul>
 */
public record Sequential2DSpec(int[] blocks, Preset preset, int iterations, long maskSeed) implements ModelSpec {

    public enum Preset {
        LAYERED, FULL, RANDOM_SPARSE;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Preset parse(String id) {
            for (Preset p : values()) {
                if (p.id().equals(id)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown sequential2d preset '" + id + "': layered, full or random-sparse");
        }
    }

    public static final int[] MNIST_BLOCKS = {2500, 500, 200, 100, 10};

    public Sequential2DSpec {
        if (blocks == null || blocks.length < 2) {
            throw new IllegalArgumentException("sequential2d needs at least two blocks, got " + Arrays.toString(blocks));
        }
        for (int b : blocks) {
            if (b <= 0) {
                throw new IllegalArgumentException("block size " + b + " in " + Arrays.toString(blocks) + " must be positive");
            }
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations " + iterations + " must be at least 1");
        }
        blocks = blocks.clone();
    }

    @Override
    public int[] blocks() {
        return blocks.clone();
    }

    /** Whether block (i ← j) exists: output block i ≥ 1 from input block j. */
    public boolean hasBlock(int i, int j) {
        return i >= 1 && (preset == Preset.LAYERED ? j == i - 1 : true);
    }

    /** Weights + biases of the present blocks, pruned or not. */
    public long denseParameterCount() {
        long n = 0;
        for (int i = 1; i < blocks.length; i++) {
            for (int j = 0; j < blocks.length; j++) {
                if (hasBlock(i, j)) {
                    n += (long) blocks[j] * blocks[i] + blocks[i];
                }
            }
        }
        return n;
    }

    /** The layered map's count: the random-sparse map's trainable target. */
    public long layeredParameterCount() {
        return new Sequential2DSpec(blocks, Preset.LAYERED, iterations, 0).denseParameterCount();
    }

    @Override
    public long parameterCount() {
        return preset == Preset.RANDOM_SPARSE ? layeredParameterCount() : denseParameterCount();
    }

    /** Fraction of the dense entries that are trainable (1 unless random-sparse). */
    public double density() {
        return (double) parameterCount() / denseParameterCount();
    }

    @Override
    public String kind() {
        return "sequential2d";
    }

    @Override
    public String name() {
        return "sequential2d-" + preset.id();
    }

    @Override
    public int inputSize() {
        return blocks[0];
    }

    @Override
    public int outputSize() {
        return blocks[blocks.length - 1];
    }

    @Override
    public LossFunction loss() {
        return LossFunction.SOFTMAX_CROSS_ENTROPY;
    }

    @Override
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kind", kind());
        m.put("blocks", ModelSpec.joinInts(blocks));
        m.put("preset", preset.id());
        m.put("iterations", Integer.toString(iterations));
        m.put("maskSeed", Long.toString(maskSeed));
        return m;
    }

    static Sequential2DSpec fromMap(Map<String, String> m) {
        return new Sequential2DSpec(ModelSpec.parseInts(ModelSpec.required(m, "blocks")),
                Preset.parse(ModelSpec.required(m, "preset")), Integer.parseInt(ModelSpec.required(m, "iterations")),
                Long.parseLong(m.getOrDefault("maskSeed", "0")));
    }

    @Override
    public Model build() {
        return new Sequential2D(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sequential2DSpec s && Arrays.equals(blocks, s.blocks) && preset == s.preset
                && iterations == s.iterations && maskSeed == s.maskSeed;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(blocks) * 31 + preset.hashCode();
    }

    @Override
    public String toString() {
        return ModelSpec.toText(toMap());
    }
}
