package dev.spacetime.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options of {@code deep train} for {@code submit --engine chunked-disk --model deep} ({@code --layers},
 * {@code --batch} and {@code --seed} are shared with the other jobs). Only what is given is sent, under the same
 * names: the trainer fills in {@code deep train}'s defaults and checks every value (its message names the field).
 */
final class DeepJobOptions {

    @Option(names = "--width", paramLabel = "W", description = "deep: width 2-64 (default 4).")
    String width;

    @Option(names = "--activation", paramLabel = "NAME", description = "deep: softsign (default), tanh or relu.")
    String activation;

    @Option(names = "--alpha", paramLabel = "A", description = "deep: residual scale (default 1/sqrt(layers)).")
    String alpha;

    @Option(names = "--chunk-layers", paramLabel = "C", description = "deep: layers per chunk (default about sqrt(layers)).")
    String chunkLayers;

    @Option(names = "--steps", paramLabel = "N", description = "deep: total SGD steps.")
    String steps;

    @Option(names = "--layer-lr", paramLabel = "LR", description = "deep: learning rate of the stack's layers (default 0.01).")
    String layerLr;

    @Option(names = "--head-lr", paramLabel = "LR", description = "deep: learning rate of the input projection and head (default 0.05).")
    String headLr;

    @Option(names = "--in-memory", description = "deep: hold the whole stack in RAM; write it back at checkpoints.")
    Boolean inMemory;

    @Option(names = "--store-activations", description = "deep: keep every layer's input instead of recomputing it.")
    Boolean storeActivations;

    @Option(names = "--checkpoint-every", paramLabel = "N", description = "deep: steps between durable checkpoints (default 100).")
    String checkpointEvery;

    @Option(names = "--report-every", paramLabel = "N", description = "deep: steps between progress events (default 100).")
    String reportEvery;

    /** The given shape options by modelOptions key. */
    Map<String, String> modelOptions() {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "width", width);
        put(m, "activation", activation);
        put(m, "alpha", alpha);
        put(m, "chunk-layers", chunkLayers);
        return m;
    }

    /** The given training options by hyperparameter key. */
    Map<String, String> hyperparameters() {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "steps", steps);
        put(m, "layer-lr", layerLr);
        put(m, "head-lr", headLr);
        put(m, "in-memory", inMemory);
        put(m, "store-activations", storeActivations);
        put(m, "checkpoint-every", checkpointEvery);
        put(m, "report-every", reportEvery);
        return m;
    }

    private static void put(Map<String, String> m, String key, Object value) {
        if (value != null) {
            m.put(key, value.toString());
        }
    }
}
