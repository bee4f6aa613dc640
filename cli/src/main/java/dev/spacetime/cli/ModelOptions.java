package dev.spacetime.cli;

import dev.spacetime.engine.model.Models;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options that shape a named model; each applies to some models only. */
final class ModelOptions {

    @Option(names = "--depth", paramLabel = "N", description = "recursive: applications of the tied hidden layer (default 4).")
    Integer depth;

    @Option(names = "--hidden", paramLabel = "H", description = "recursive: hidden width (default 128).")
    Integer hidden;

    @Option(names = "--param-budget", paramLabel = "P",
            description = "recursive: solve the hidden width whose parameter count is closest to P.")
    Long paramBudget;

    @Option(names = "--preset", paramLabel = "NAME",
            description = "sequential2d: layered, full or random-sparse (default layered).")
    String preset;

    @Option(names = "--iterations", paramLabel = "N", description = "sequential2d: applications of the block map (default 4).")
    Integer iterations;

    @Option(names = "--layers", paramLabel = "SIZES",
            description = "mlp: layer sizes, e.g. 784,128,10 (submit --engine chunked-disk --model deep: residual layers).")
    String layers;

    Models.Options toEngine() {
        return new Models.Options(depth, hidden, paramBudget, preset, iterations, layers);
    }

    /**
     * The engine ignores options that do not shape the chosen model; a user who typed one expects it to matter, so
     * it is an error rather than a silent no-op. {@code --layers} is checked here because the engine's parse error
     * would not name the option.
     */
    void check(String model) {
        if (layers != null && !layers.matches("\\s*\\d+\\s*(,\\s*\\d+\\s*)+")) {
            throw new UserError("--layers " + layers + " must be comma-separated layer sizes from input to output, "
                    + "e.g. --layers 784,128,10");
        }
        given().forEach((option, value) -> {
            List<String> models = switch (option) {
                case "depth", "hidden", "param_budget" -> List.of("recursive");
                case "preset", "iterations" -> List.of("sequential2d");
                default -> List.of("mlp");
            };
            if (!models.contains(model)) {
                throw new UserError("--" + option.replace('_', '-') + " " + value + " does not apply to --model " + model
                        + ": it only shapes --model " + String.join(", ", models));
            }
        });
    }

    /** The options that were given, by metadata key, in a fixed order. */
    Map<String, String> given() {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "depth", depth);
        put(m, "hidden", hidden);
        put(m, "param_budget", paramBudget);
        put(m, "preset", preset);
        put(m, "iterations", iterations);
        put(m, "layers", layers);
        return m;
    }

    private static void put(Map<String, String> m, String key, Object value) {
        if (value != null) {
            m.put(key, value.toString());
        }
    }
}
