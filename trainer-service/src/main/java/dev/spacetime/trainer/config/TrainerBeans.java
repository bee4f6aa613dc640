package dev.spacetime.trainer.config;

import dev.spacetime.trainer.service.ArtifactStore;
import dev.spacetime.trainer.service.ChunkedDiskJobRunner;
import dev.spacetime.trainer.service.JobRunners;
import dev.spacetime.trainer.service.SimdJobRunner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import java.util.List;

/** The plain service objects that configuration shapes. */
@ApplicationScoped
public class TrainerBeans {

    @Produces
    @ApplicationScoped
    ArtifactStore artifactStore(TrainerConfig config) {
        return new ArtifactStore(config.artifactDir());
    }

    /** The engines of this build: SIMD and chunked-disk. */
    @Produces
    @ApplicationScoped
    JobRunners jobRunners(TrainerConfig config, ArtifactStore store) {
        Path dataDir = config.trainer().dataDir().orElse(null);
        return new JobRunners(List.of(new SimdJobRunner(dataDir), new ChunkedDiskJobRunner(store, dataDir)));
    }

    /** Jobs at once: configured, else max(1, cores / 2). */
    public static int concurrentJobs(TrainerConfig config) {
        int cores = Runtime.getRuntime().availableProcessors();
        return Math.max(1, config.trainer().concurrentJobs().orElse(Math.max(1, cores / 2)));
    }

    /** Kernel threads per job: the cores shared out between the concurrent jobs. */
    public static int threadsPerJob(TrainerConfig config) {
        return Math.max(1, config.trainer().threadsPerJob()
                .orElse(Runtime.getRuntime().availableProcessors() / concurrentJobs(config)));
    }
}
