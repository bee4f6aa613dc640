package dev.spacetime.trainer.service;

import dev.spacetime.engine.deep.DeepOptions;
import dev.spacetime.engine.deep.DeepSpec;
import dev.spacetime.engine.deep.TrainSettings;
import dev.spacetime.engine.kernel.Activation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A chunked-disk job's options, by the names of {@code spacetime deep train}, turned into the engine's records one
 * field at a time so that a bad value fails with the field's name ({@code modelOptions.width 65: ...}). The defaults
 * are {@code deep train}'s, so a job and a CLI run with the same options are the same run.
 *
 * @param values every option, defaults filled in (alpha resolved), by CLI name: the events' attributes
 */
record DeepJobFields(DeepSpec spec, int chunkLayers, TrainSettings settings, DeepOptions options,
                     Map<String, String> values) {

    static final List<String> MODEL_OPTIONS = List.of("layers", "width", "activation", "alpha", "chunk-layers");
    static final List<String> ACTIVATIONS = List.of("softsign", "tanh", "relu");
    static final List<String> HYPERPARAMETERS = List.of("steps", "batch", "layer-lr", "head-lr", "in-memory",
            "store-activations", "checkpoint-every", "report-every");
    private static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("width", "4"), Map.entry("activation", "softsign"), Map.entry("chunk-layers", "0"),
            Map.entry("batch", "16"), Map.entry("layer-lr", "0.01"), Map.entry("head-lr", "0.05"),
            Map.entry("in-memory", "false"), Map.entry("store-activations", "false"),
            Map.entry("checkpoint-every", "100"), Map.entry("report-every", "100"));

    static DeepJobFields parse(Map<String, String> modelOptions, Map<String, String> hyperparameters, long seed) {
        Map<String, String> v = new LinkedHashMap<>();
        collect(v, modelOptions, "modelOptions.", MODEL_OPTIONS);
        collect(v, hyperparameters, "hyperparameters.", HYPERPARAMETERS);
        long layers = parseLong(v, "layers", 1, Long.MAX_VALUE, "residual layers, e.g. 1000000");
        int width = (int) parseLong(v, "width", DeepSpec.MIN_WIDTH, DeepSpec.MAX_WIDTH, "the stack's width");
        String act = v.get("activation").toLowerCase(Locale.ROOT);
        if (!ACTIVATIONS.contains(act)) {
            throw new InvalidJobException(field("activation"), field("activation") + " '" + v.get("activation")
                    + "' is not one the deep stack takes: use " + String.join(", ", ACTIVATIONS));
        }
        Activation activation = Activation.parse(act);
        float alpha = v.containsKey("alpha") ? parseFloat(v, "alpha") : DeepSpec.defaultAlpha(layers);
        v.put("activation", act);
        v.put("alpha", Float.toString(alpha));
        DeepSpec spec = engine("layers", () -> new DeepSpec(layers, width, activation, alpha));
        int chunkLayers = (int) parseLong(v, "chunk-layers", 0, Integer.MAX_VALUE, "layers per chunk, 0 = about sqrt(layers)");
        long steps = parseLong(v, "steps", 1, Integer.MAX_VALUE, "total SGD steps, e.g. 1000");
        int batch = (int) parseLong(v, "batch", 1, 65536, "rows per step, e.g. 16");
        float layerLr = parseFloat(v, "layer-lr");
        float headLr = parseFloat(v, "head-lr");
        TrainSettings settings = engine("batch", () -> new TrainSettings(batch, seed, layerLr, headLr));
        boolean inMemory = parseBoolean(v, "in-memory");
        boolean storeActivations = parseBoolean(v, "store-activations");
        long checkpointEvery = parseLong(v, "checkpoint-every", 1, Long.MAX_VALUE, "steps between durable checkpoints, e.g. 100");
        long reportEvery = parseLong(v, "report-every", 1, Long.MAX_VALUE, "steps between progress reports, e.g. 100");
        DeepOptions options = new DeepOptions(steps, chunkLayers, inMemory, storeActivations, checkpointEvery, reportEvery);
        return new DeepJobFields(spec, chunkLayers, settings, options, v);
    }

    /** The field an option lives in: {@code modelOptions.width}, {@code hyperparameters.steps}. */
    static String field(String key) {
        return (MODEL_OPTIONS.contains(key) ? "modelOptions." : "hyperparameters.") + key;
    }

    private static void collect(Map<String, String> v, Map<String, String> given, String prefix, List<String> names) {
        for (String key : names) {
            if (DEFAULTS.containsKey(key)) {
                v.put(key, DEFAULTS.get(key));
            }
        }
        for (Map.Entry<String, String> e : given.entrySet()) {
            if (!names.contains(e.getKey())) {
                throw new InvalidJobException(prefix + e.getKey(), prefix + e.getKey() + " is not an option of engine "
                        + "chunked-disk: use " + String.join(", ", names));
            }
            if (e.getValue() == null || e.getValue().isBlank()) {
                throw new InvalidJobException(prefix + e.getKey(), prefix + e.getKey() + " is empty: give a value or leave it out");
            }
            v.put(e.getKey(), e.getValue().trim());
        }
    }

    /**
     * The engine's own check, its message credited to the field it names ({@code --width 65 must be in [2, 64]}
     * becomes {@code modelOptions.width 65 must be ...}); {@code fallback} when it names none.
     */
    static <T> T engine(String fallback, Supplier<T> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            var named = java.util.regex.Pattern.compile("--([a-z][a-z-]*)").matcher(message);
            String key = named.find() && (MODEL_OPTIONS.contains(named.group(1)) || HYPERPARAMETERS.contains(named.group(1)))
                    ? named.group(1) : fallback;
            String text = message.replaceAll("--([a-z][a-z-]*)", "$1");
            throw new InvalidJobException(field(key), field(key) + ": " + text);
        }
    }

    private static long parseLong(Map<String, String> v, String key, long min, long max, String hint) {
        String value = v.get(key);
        if (value == null) {
            throw new InvalidJobException(field(key), field(key) + " is missing: give " + hint);
        }
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidJobException(field(key), field(key) + " '" + value + "' is not an integer (" + hint + ")");
        }
        if (n < min || n > max) {
            String range = max == Long.MAX_VALUE ? "≥ " + min : "in [" + min + ", " + max + "]";
            throw new InvalidJobException(field(key), field(key) + " " + value + " must be an integer " + range + " (" + hint + ")");
        }
        return n;
    }

    private static float parseFloat(Map<String, String> v, String key) {
        try {
            return Float.parseFloat(v.get(key));
        } catch (NumberFormatException e) {
            throw new InvalidJobException(field(key), field(key) + " '" + v.get(key) + "' is not a number");
        }
    }

    private static boolean parseBoolean(Map<String, String> v, String key) {
        String b = v.get(key).toLowerCase(Locale.ROOT);
        if (!b.equals("true") && !b.equals("false")) {
            throw new InvalidJobException(field(key), field(key) + " '" + v.get(key) + "' must be true or false");
        }
        return Boolean.parseBoolean(b);
    }
}
