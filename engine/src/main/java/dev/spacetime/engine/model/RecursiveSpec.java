package dev.spacetime.engine.model;

import dev.spacetime.engine.loss.LossFunction;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RecursiveNet: input layer in→H (ReLU), ONE hidden layer H→H (ReLU) applied {@code depth} times with tied
 * weights, output layer H→out. Parameters do not grow with depth: in·H + H + H² + H + H·out + out.
 */
public record RecursiveSpec(int input, int hidden, int depth, int output) implements ModelSpec {

    public static final int MAX_DEPTH = 16;

    public RecursiveSpec {
        if (input <= 0 || output <= 0) {
            throw new IllegalArgumentException("recursive net input/output sizes must be positive, got " + input + "/" + output);
        }
        if (hidden <= 0) {
            throw new IllegalArgumentException("hidden width " + hidden + " must be positive");
        }
        if (depth < 1 || depth > MAX_DEPTH) {
            throw new IllegalArgumentException("depth " + depth + " is outside 1.." + MAX_DEPTH);
        }
    }

    /** Trainable parameters of width h, by formula. */
    public static long count(int input, int h, int output) {
        return (long) input * h + h + (long) h * h + h + (long) h * output + output;
    }

    /**
     * The width whose parameter count is closest to {@code budget} (ties go to the smaller width). The count is
     * monotone in h, so a scan around the positive root of h² + (in + out + 2)·h + out − budget = 0 suffices.
     */
    public static int widthForBudget(int input, int output, long budget) {
        if (budget < count(input, 1, output)) {
            throw new IllegalArgumentException("parameter budget " + budget + " is below the smallest recursive net ("
                    + count(input, 1, output) + " parameters at width 1)");
        }
        double b = input + output + 2.0;
        int root = (int) Math.floor((-b + Math.sqrt(b * b + 4.0 * (budget - output))) / 2.0);
        int best = Math.max(1, root - 2);
        for (int h = Math.max(1, root - 2); h <= root + 2; h++) {
            if (Math.abs(count(input, h, output) - budget) < Math.abs(count(input, best, output) - budget)) {
                best = h;
            }
        }
        return best;
    }

    @Override
    public String kind() {
        return "recursive";
    }

    @Override
    public String name() {
        return "recursive-d" + depth + "-h" + hidden;
    }

    @Override
    public int inputSize() {
        return input;
    }

    @Override
    public int outputSize() {
        return output;
    }

    @Override
    public long parameterCount() {
        return count(input, hidden, output);
    }

    @Override
    public LossFunction loss() {
        return LossFunction.SOFTMAX_CROSS_ENTROPY;
    }

    @Override
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kind", kind());
        m.put("input", Integer.toString(input));
        m.put("hidden", Integer.toString(hidden));
        m.put("depth", Integer.toString(depth));
        m.put("output", Integer.toString(output));
        return m;
    }

    static RecursiveSpec fromMap(Map<String, String> m) {
        return new RecursiveSpec(Integer.parseInt(ModelSpec.required(m, "input")), Integer.parseInt(ModelSpec.required(m, "hidden")),
                Integer.parseInt(ModelSpec.required(m, "depth")), Integer.parseInt(ModelSpec.required(m, "output")));
    }

    @Override
    public Model build() {
        return new RecursiveNet(this);
    }

    @Override
    public String toString() {
        return ModelSpec.toText(toMap());
    }
}
