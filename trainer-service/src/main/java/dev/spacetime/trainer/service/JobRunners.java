package dev.spacetime.trainer.service;

import dev.spacetime.contracts.EngineKind;
import dev.spacetime.contracts.TrainingJob;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The engines this build can run, by {@link EngineKind}. A job for an engine that is not here (a trainer built or
 * configured without it) fails validation with a reason that says so (and lands in the dead-letter topic, from where
 * it can be replayed once a trainer has it).
 */
public final class JobRunners {

    private final Map<EngineKind, JobRunner> runners = new EnumMap<>(EngineKind.class);

    public JobRunners(List<JobRunner> available) {
        available.forEach(r -> runners.put(r.engine(), r));
    }

    /** The runner for the job's engine (SIMD when the job names none), or an {@link InvalidJobException}. */
    public JobRunner forJob(TrainingJob job) {
        EngineKind kind = job.engine() == null ? EngineKind.SIMD : job.engine();
        JobRunner r = runners.get(kind);
        if (r == null) {
            throw new InvalidJobException("engine", "engine " + kind.wire() + " is not available in this build: use "
                    + String.join(" or ", runners.keySet().stream().map(EngineKind::wire).toList()));
        }
        return r;
    }
}
