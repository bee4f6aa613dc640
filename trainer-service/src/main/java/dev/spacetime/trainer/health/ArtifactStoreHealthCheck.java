package dev.spacetime.trainer.health;

import dev.spacetime.trainer.service.ArtifactStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when the artifact store can be written (checkpoints and models go there; a read-only volume is fatal). */
@Readiness
@jakarta.enterprise.context.ApplicationScoped
public class ArtifactStoreHealthCheck implements HealthCheck {

    private final ArtifactStore store;

    public ArtifactStoreHealthCheck(ArtifactStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        Path root = store.root();
        try {
            Files.createDirectories(root);
            Path probe = Files.createTempFile(root, ".probe", ".tmp");
            Files.delete(probe);
            return HealthCheckResponse.named("artifact-store").up().withData("dir", root.toString()).build();
        } catch (Exception e) {
            return HealthCheckResponse.named("artifact-store").down().withData("dir", root.toString())
                    .withData("error", e.toString()).build();
        }
    }
}
