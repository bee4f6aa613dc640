package dev.spacetime.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spacetime.engine.experiment.Preset;
import dev.spacetime.engine.experiment.Presets;
import dev.spacetime.engine.experiment.RunConfig;
import java.util.HashSet;
import java.util.Set;

/**
 * An experiment preset as a trainer sweep request: every configuration as an explicit point with every option
 * spelled out (optimizer, momentum, split seed, ...), and the preset's seeds. The trainer then runs exactly what
 * {@code spacetime experiment NAME} runs in-process, so the two paths give comparable numbers.
 */
final class PresetSweep {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PresetSweep() {
    }

    /** A readable sweep id that does not repeat: {@code recursive-vs-standard-mk3x9d2a}. */
    static String newId(String preset) {
        return preset + "-" + Long.toString(System.currentTimeMillis(), 36);
    }

    /**
     * {@code {"base": {}, "points": [...], "seedValues": [...]}} for preset {@code name}; seeds null = the preset's
     * own. The base is empty because every point is complete; callers may put options every point shares into it.
     */
    static ObjectNode request(String name, boolean quick, Integer seeds) {
        if (!Presets.NAMES.contains(name)) {
            throw new UserError("unknown preset '" + name + "': use one of " + String.join(", ", Presets.NAMES));
        }
        Preset preset = Presets.get(name, quick, 1, null);
        if (seeds != null) {
            preset = preset.withSeedCount(seeds);
        }
        ObjectNode body = MAPPER.createObjectNode();
        body.putObject("base");
        ArrayNode points = body.putArray("points");
        Set<ObjectNode> distinct = new HashSet<>();
        for (RunConfig c : preset.configs()) {
            ObjectNode p = MAPPER.createObjectNode();
            p.put("model", c.model());
            p.put("dataset", c.dataset());
            putIf(p, "depth", c.options().depth());
            putIf(p, "hidden", c.options().hidden());
            putIf(p, "param-budget", c.options().paramBudget());
            putIf(p, "preset", c.options().preset());
            putIf(p, "iterations", c.options().iterations());
            putIf(p, "layers", c.options().layers());
            p.put("epochs", Integer.toString(c.train().epochs()));
            p.put("batch", Integer.toString(c.train().batch()));
            p.put("optimizer", c.train().optimizer().kind());
            p.put("lr", Double.toString(c.train().optimizer().lr()));
            p.put("momentum", Double.toString(c.train().optimizer().momentum()));
            p.put("nesterov", Boolean.toString(c.train().optimizer().nesterov()));
            p.put("weight-decay", Double.toString(c.train().optimizer().weightDecay()));
            p.put("clip-norm", Double.toString(c.train().optimizer().clipNorm()));
            p.put("schedule", c.train().schedule().id());
            p.put("split-seed", Long.toString(c.splitSeed()));
            p.put("train-limit", Integer.toString(c.trainLimit()));
            p.put("latency-calls", Integer.toString(c.train().latencyCalls()));
            p.put("record-every", Integer.toString(c.train().recordEvery()));
            // Configurations that differ only in how the in-process run is timed (iris: with and without per-epoch
            // evaluation) are one job configuration on the trainer; sent twice they would double the seeds.
            if (distinct.add(p)) {
                points.add(p);
            }
        }
        ArrayNode seedValues = body.putArray("seedValues");
        preset.seeds().forEach(seedValues::add);
        return body;
    }

    private static void putIf(ObjectNode p, String key, Object v) {
        if (v != null) {
            p.put(key, v.toString());
        }
    }
}
