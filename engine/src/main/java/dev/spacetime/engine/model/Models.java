package dev.spacetime.engine.model;

import dev.spacetime.engine.kernel.Activation;
import dev.spacetime.engine.loss.LossFunction;
import java.util.List;

/** The named models users pick on the command line, and the parameter-count cross-check. */
public final class Models {

    public static final List<String> NAMES = List.of(
            "standard-small", "standard-medium", "standard-large", "recursive", "sequential2d", "iris", "xor", "mlp");

    private Models() {
    }

    /**
     * Options that shape the named models. {@code null} means "not given".
     *
     * @param depth       recursive: times the tied layer is applied (default 4)
     * @param hidden      recursive: width H; or mlp: hidden sizes are in {@code layers}
     * @param paramBudget recursive: solve H so the count lands closest to this
     * @param preset      sequential2d: layered | full | random-sparse (default layered)
     * @param iterations  sequential2d: applications of the block map (default 4)
     * @param layers      mlp: comma-separated sizes, e.g. 784,128,10
     */
    public record Options(Integer depth, Integer hidden, Long paramBudget, String preset, Integer iterations, String layers) {
        public static final Options NONE = new Options(null, null, null, null, null, null);
    }

    /** Builds the spec for a model name and the data's input/output sizes; {@code seed} draws sparsity masks. */
    public static ModelSpec resolve(String name, Options o, int inputSize, int classes, long seed) {
        return switch (name) {
            case "standard-small", "standard-medium", "standard-large" -> {
                MlpSpec spec = MlpSpec.standard(name.substring("standard-".length()));
                yield expectSizes(spec, name, inputSize, classes);
            }
            case "iris" -> expectSizes(MlpSpec.iris(), name, inputSize, classes);
            case "xor" -> expectSizes(MlpSpec.xor(), name, inputSize, classes);
            case "mlp" -> {
                if (o.layers() == null) {
                    throw new IllegalArgumentException("model mlp needs --layers, e.g. --layers " + inputSize + ",128," + classes);
                }
                MlpSpec spec = new MlpSpec("mlp-" + o.layers().replace(',', '-'), ModelSpec.parseInts(o.layers()),
                        Activation.RELU, Activation.IDENTITY, LossFunction.SOFTMAX_CROSS_ENTROPY);
                yield expectSizes(spec, name, inputSize, classes);
            }
            case "recursive" -> {
                int depth = o.depth() == null ? 4 : o.depth();
                if (o.hidden() != null && o.paramBudget() != null) {
                    throw new IllegalArgumentException("give --hidden or --param-budget for the recursive net, not both");
                }
                int h = o.paramBudget() != null
                        ? RecursiveSpec.widthForBudget(inputSize, classes, o.paramBudget())
                        : o.hidden() == null ? 128 : o.hidden();
                yield new RecursiveSpec(inputSize, h, depth, classes);
            }
            case "sequential2d" -> {
                int[] blocks = Sequential2DSpec.MNIST_BLOCKS.clone();
                blocks[0] = inputSize;
                blocks[blocks.length - 1] = classes;
                if (inputSize != Sequential2DSpec.MNIST_BLOCKS[0]) {
                    throw new IllegalArgumentException("sequential2d uses blocks 2500-500-200-100-10 on 50×50 images: "
                            + "use --dataset mnist-50 (the data has " + inputSize + " inputs)");
                }
                Sequential2DSpec.Preset preset = Sequential2DSpec.Preset.parse(o.preset() == null ? "layered" : o.preset());
                yield new Sequential2DSpec(blocks, preset, o.iterations() == null ? 4 : o.iterations(), seed);
            }
            default -> throw new IllegalArgumentException("unknown model '" + name + "': use one of " + String.join(", ", NAMES));
        };
    }

    private static MlpSpec expectSizes(MlpSpec spec, String name, int inputSize, int classes) {
        int out = spec.loss() == LossFunction.MEAN_SQUARED_ERROR ? 2 : spec.outputSize();
        if (spec.inputSize() != inputSize || out != classes) {
            throw new IllegalArgumentException("model " + name + " takes " + spec.inputSize() + " inputs and "
                    + out + " classes, but the data has " + inputSize + " inputs and " + classes + " classes");
        }
        return spec;
    }

    /** The two independent parameter counts (formula vs tensors) must agree, or the model refuses to exist. */
    static void checkCount(ModelSpec spec, Parameters params) {
        long byTensors = params.trainableCount();
        if (byTensors != spec.parameterCount()) {
            throw new IllegalStateException("parameter counts disagree for " + spec.name() + ": formula "
                    + spec.parameterCount() + ", tensors " + byTensors);
        }
    }
}
