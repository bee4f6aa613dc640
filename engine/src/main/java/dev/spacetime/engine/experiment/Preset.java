package dev.spacetime.engine.experiment;

import java.util.List;

/**
 * A published experiment, re-run fairly: its configurations, the seeds it runs by default and notes on the claims
 * it checks. Every configuration runs with every seed. Runs that last milliseconds are trained
 * {@code timingRepeats} times (same seed, so the same weights) and timed by the median.
 */
public record Preset(String name, String description, List<RunConfig> configs, List<Long> seeds, List<String> notes,
                     int timingRepeats) {

    /** One timed training per run. */
    public Preset(String name, String description, List<RunConfig> configs, List<Long> seeds, List<String> notes) {
        this(name, description, configs, seeds, notes, 1);
    }

    public Preset {
        if (timingRepeats < 1) {
            throw new IllegalArgumentException("timing repeats " + timingRepeats + " must be at least 1");
        }
        if (configs.isEmpty() || seeds.isEmpty()) {
            throw new IllegalArgumentException("preset " + name + " needs at least one configuration and one seed");
        }
        configs = List.copyOf(configs);
        seeds = List.copyOf(seeds);
        notes = List.copyOf(notes);
    }

    /** The first {@code n} default seeds, continued with 1001, 1002, … when more are asked for. */
    public Preset withSeedCount(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("--seeds " + n + " must be at least 1");
        }
        List<Long> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i < seeds.size() ? seeds.get(i) : 1000L + i - seeds.size() + 1);
        }
        return new Preset(name, description, configs, out, notes, timingRepeats);
    }

    /** Smoke-test variant on a subset of the training rows. */
    public Preset withTrainLimit(int limit) {
        return new Preset(name, description, configs.stream().map(c -> c.withTrainLimit(limit)).toList(), seeds, notes,
                timingRepeats);
    }

    public int runs() {
        return configs.size() * seeds.size();
    }
}
