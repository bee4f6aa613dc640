package dev.spacetime.results.health;

import dev.spacetime.results.service.DatabaseAvailability;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN while the ingest is waiting for the database (its writes fail and are being retried), with the error and
 * since when. The datasource's own check (a connection) and the Kafka checks sit beside it in /q/health/ready.
 */
@Readiness
@ApplicationScoped
public class IngestReadiness implements HealthCheck {

    @Inject
    DatabaseAvailability availability;

    @Override
    public HealthCheckResponse call() {
        String problem = availability.problem();
        if (problem == null) {
            return HealthCheckResponse.named("results-ingest").up().build();
        }
        return HealthCheckResponse.named("results-ingest").down()
                .withData("error", problem)
                .withData("since", String.valueOf(availability.since()))
                .build();
    }
}
