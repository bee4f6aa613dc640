package dev.spacetime.engine.model;

import dev.spacetime.engine.kernel.Activation;
import dev.spacetime.engine.loss.LossFunction;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A layered perceptron: sizes[0] inputs, hidden layers with one activation, an output layer.
 * standard-small/medium/large, iris (4-8-3) and xor (2-2-1 sigmoid, MSE) are instances.
 */
public record MlpSpec(String name, int[] sizes, Activation hidden, Activation output, LossFunction loss)
        implements ModelSpec {

    public MlpSpec {
        if (sizes == null || sizes.length < 2) {
            throw new IllegalArgumentException("an MLP needs at least an input and an output size, got "
                    + Arrays.toString(sizes));
        }
        for (int s : sizes) {
            if (s <= 0) {
                throw new IllegalArgumentException("MLP layer size " + s + " in " + Arrays.toString(sizes) + " must be positive");
            }
        }
        if (loss == LossFunction.MEAN_SQUARED_ERROR && sizes[sizes.length - 1] != 1) {
            throw new IllegalArgumentException("the MSE head scores one output (0/1 target); got "
                    + sizes[sizes.length - 1] + " outputs");
        }
        sizes = sizes.clone();
    }

    @Override
    public int[] sizes() {
        return sizes.clone();
    }

    public static MlpSpec standard(String size) {
        int[] sizes = switch (size) {
            case "small" -> new int[] {784, 64, 10};
            case "medium" -> new int[] {784, 128, 64, 10};
            case "large" -> new int[] {784, 256, 128, 64, 10};
            default -> throw new IllegalArgumentException("unknown standard size '" + size + "': small, medium or large");
        };
        return new MlpSpec("standard-" + size, sizes, Activation.RELU, Activation.IDENTITY, LossFunction.SOFTMAX_CROSS_ENTROPY);
    }

    public static MlpSpec iris() {
        return new MlpSpec("iris", new int[] {4, 8, 3}, Activation.RELU, Activation.IDENTITY, LossFunction.SOFTMAX_CROSS_ENTROPY);
    }

    public static MlpSpec xor() {
        return new MlpSpec("xor", new int[] {2, 2, 1}, Activation.SIGMOID, Activation.SIGMOID, LossFunction.MEAN_SQUARED_ERROR);
    }

    @Override
    public String kind() {
        return "mlp";
    }

    @Override
    public int inputSize() {
        return sizes[0];
    }

    @Override
    public int outputSize() {
        return sizes[sizes.length - 1];
    }

    @Override
    public long parameterCount() {
        long n = 0;
        for (int i = 1; i < sizes.length; i++) {
            n += (long) sizes[i - 1] * sizes[i] + sizes[i];
        }
        return n;
    }

    @Override
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kind", kind());
        m.put("name", name);
        m.put("sizes", ModelSpec.joinInts(sizes));
        m.put("hidden", hidden.id());
        m.put("output", output.id());
        m.put("loss", loss.id());
        return m;
    }

    static MlpSpec fromMap(Map<String, String> m) {
        return new MlpSpec(ModelSpec.required(m, "name"), ModelSpec.parseInts(ModelSpec.required(m, "sizes")),
                Activation.parse(ModelSpec.required(m, "hidden")), Activation.parse(ModelSpec.required(m, "output")),
                LossFunction.parse(ModelSpec.required(m, "loss")));
    }

    /**
     * Nets whose layers all fit a vector's worth of lanes get the batch-across-lanes implementation; wider ones the
     * row-major GEMM one. Both hold the same tensors and initialise them identically.
     */
    @Override
    public Model build() {
        return Arrays.stream(sizes).max().orElseThrow() <= LaneMlp.MAX_WIDTH ? new LaneMlp(this) : new Mlp(this);
    }

    /** The row-major GEMM implementation whatever the width (for tests that compare the two). */
    Model buildRowMajor() {
        return new Mlp(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MlpSpec s && name.equals(s.name) && Arrays.equals(sizes, s.sizes) && hidden == s.hidden
                && output == s.output && loss == s.loss;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(sizes);
    }

    @Override
    public String toString() {
        return ModelSpec.toText(toMap());
    }
}
