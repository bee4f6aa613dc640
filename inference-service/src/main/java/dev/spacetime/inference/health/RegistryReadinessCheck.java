package dev.spacetime.inference.health;

import dev.spacetime.inference.messaging.ModelTopicProgress;
import dev.spacetime.inference.service.ModelRegistry;
import dev.spacetime.inference.service.RegistrySnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the registry is rebuilt: every models-topic record present at start-up has been processed. Kafka
 * connectivity itself is the messaging extension's readiness check on the {@code models} channel.
 */
@Readiness
@ApplicationScoped
public class RegistryReadinessCheck implements HealthCheck {

    private final ModelTopicProgress progress;
    private final ModelRegistry registry;

    public RegistryReadinessCheck(ModelTopicProgress progress, ModelRegistry registry) {
        this.progress = progress;
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        ModelTopicProgress.State state = progress.state();
        RegistrySnapshot s = registry.snapshot();
        return HealthCheckResponse.named("model-registry")
                .status(state.caughtUp())
                .withData("topic", state.detail())
                .withData("models", s.models().size())
                .withData("serving-models", s.servingModels())
                .withData("loaded-versions", s.servingVersions())
                .build();
    }
}
