package dev.spacetime.results.service;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Names a run's configuration so that its seeds group together: the trainer's own {@code config} attribute when it
 * sends one, else the model followed by every other attribute but the seed and the sweep, sorted by key
 * ({@code recursive dataset=mnist depth=4 epochs=10 lr=0.002 …}).
 */
public final class RunConfigLabel {

    /** Attribute keys that identify a run rather than configure it, or that are stored in columns of their own. */
    public static final Set<String> IDENTITY_KEYS = Set.of("model", "dataset", "engine", "seed", "sweep", "sweep_id",
            "config");
    /**
     * Never part of a label: identities, and what the trainer reports once a run started (the resolved model name,
     * its parameter count, threads, kernels, a resume) — facts about the run, not its configuration; left in, they
     * split one configuration's seeds by whichever events had arrived.
     */
    private static final Set<String> NOT_IN_LABEL = Set.of("seed", "sweep", "sweep_id", "job", "job_id", "worker",
            "model_name", "params", "threads", "kernels", "resumed_from_epoch");

    private RunConfigLabel() {
    }

    public static String of(Map<String, String> attributes) {
        if (attributes.isEmpty()) {
            return null;
        }
        String explicit = attributes.get("config");
        if (explicit != null && !explicit.isBlank()) {
            return explicit;
        }
        TreeMap<String, String> rest = new TreeMap<>(attributes);
        NOT_IN_LABEL.forEach(rest::remove);
        String model = rest.remove("model");
        String tail = rest.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
        return model == null ? tail : tail.isEmpty() ? model : model + " " + tail;
    }

    /** The attributes without the identity keys: the hyperparameters and model options proper. */
    public static Map<String, String> hyperparameters(Map<String, String> attributes) {
        TreeMap<String, String> rest = new TreeMap<>(attributes);
        IDENTITY_KEYS.forEach(rest::remove);
        return rest;
    }
}
