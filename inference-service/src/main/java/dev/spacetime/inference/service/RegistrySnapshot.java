package dev.spacetime.inference.service;

import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Every model the service knows at one instant, immutable. The registry publishes a new snapshot per change with one
 * atomic reference swap; a request reads the reference once and works on that snapshot to the end, so it never sees
 * a half-applied change.
 *
 * @param generation counts the changes since start-up (0 = empty)
 */
public record RegistrySnapshot(long generation, Map<String, ModelEntry> models) {

    public static final RegistrySnapshot EMPTY = new RegistrySnapshot(0, Map.of());

    public RegistrySnapshot {
        models = Map.copyOf(models);
    }

    public ModelEntry model(String name) {
        return models.get(name);
    }

    /** SERVING versions over all models. */
    public int servingVersions() {
        int n = 0;
        for (ModelEntry e : models.values()) {
            n += e.serving().size();
        }
        return n;
    }

    /** Models that have a default version. */
    public int servingModels() {
        int n = 0;
        for (ModelEntry e : models.values()) {
            if (e.defaultModel() != null) {
                n++;
            }
        }
        return n;
    }

    /** A new snapshot with {@code name}'s entry (created empty when absent) replaced by {@code change}'s result. */
    RegistrySnapshot update(String name, UnaryOperator<ModelEntry> change) {
        ModelEntry before = models.getOrDefault(name, ModelEntry.empty(name));
        ModelEntry after = change.apply(before);
        if (after == before) {
            return this;
        }
        Map<String, ModelEntry> next = new HashMap<>(models);
        next.put(name, after);
        return new RegistrySnapshot(generation + 1, next);
    }
}
