package dev.spacetime.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** Everything the trainer reads from configuration ({@code spacetime.*}). */
@ConfigMapping(prefix = "spacetime")
public interface TrainerConfig {

    /** The artifact store: checkpoints under {@code jobs/<jobId>/}, models under {@code models/<name>/<version>/}. */
    Path artifactDir();

    /** The bearer token that mutating endpoints require ({@code Authorization: Bearer <token>}). */
    String apiToken();

    Trainer trainer();

    interface Trainer {

        /** Jobs run at once on this instance; default max(1, cores / 2). Kernel threads per job = cores / this. */
        OptionalInt concurrentJobs();

        /**
         * Kernel threads per job; default cores / concurrent jobs. Tiny nets (Iris, XOR, one row per step) train
         * fastest on one thread: handing a 4×256 product to a second core costs more than it saves.
         */
        OptionalInt threadsPerJob();

        /** Name of this instance in events ({@code worker}) and in its private control/view consumer groups. */
        String instanceId();

        /** At most one PROGRESS event per job per this interval (the first and the last epoch are always reported). */
        @WithDefault("250ms")
        Duration progressInterval();

        /**
         * At most one checkpoint per job per this interval (0 = after every epoch; the first epoch is always
         * checkpointed). Checkpoints are fsynced files: a 100,000-epoch XOR run must not write 100,000 of them.
         */
        @WithDefault("1s")
        Duration checkpointInterval();

        /** How often a running job looks for a cancel marker another instance wrote into the artifact store. */
        @WithDefault("500ms")
        Duration cancelPollInterval();

        /** How often a redelivered job retries the lease another process still holds (it is finishing or dying). */
        @WithDefault("500ms")
        Duration leaseRetry();

        /** Folder with the IDX files (plain or .gz) to read before the dataset cache; default: none. */
        Optional<Path> dataDir();

        /** Jobs the status view keeps (oldest forgotten first). */
        @WithDefault("10000")
        int viewCapacity();
    }
}
