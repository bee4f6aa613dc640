package dev.spacetime.results.service;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Names a run's configuration so that its seeds group together: the trainer's own {@code config} attribute when it
 * sends one, else the model followed by every other attribute but the seed, the sweep and the run's details, sorted by
 * key ({@code recursive dataset=mnist depth=4 epochs=10 lr=0.002 …}).
 *
 * <p>The label must not depend on which events of a job a batch holds: ACCEPTED carries the configuration only, while
 * STARTED adds what the trainer found when it ran the job ({@link #RUN_DETAIL_KEYS}), and the label of the batch
 * written last is kept. The details are also not configuration: {@code threads} and {@code kernels} depend on the
 * replica, {@code resumed_from_epoch} on a crash, so seeds of one configuration would split over them.
 */
public final class RunConfigLabel {

    /** Attribute keys that identify a run rather than configure it, or that are stored in columns of their own. */
    public static final Set<String> IDENTITY_KEYS = Set.of("model", "dataset", "engine", "seed", "sweep", "sweep_id",
            "config");
    /** What the trainer adds to the configuration on STARTED: derived from it, or about the replica and the run. */
    public static final Set<String> RUN_DETAIL_KEYS = Set.of("model_name", "params", "threads", "kernels",
            "resumed_from_epoch");
    private static final Set<String> NOT_IN_LABEL = Set.of("seed", "sweep", "sweep_id", "job", "job_id", "worker");

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
        RUN_DETAIL_KEYS.forEach(rest::remove);
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
