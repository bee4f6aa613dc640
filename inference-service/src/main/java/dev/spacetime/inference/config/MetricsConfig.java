package dev.spacetime.inference.config;

import dev.spacetime.inference.service.InferenceMetrics;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The HTTP server timer gets the same latency distribution as the prediction timer: p50/p90/p99/p99.9 + buckets. */
@Singleton
public class MetricsConfig {

    @Produces
    @Singleton
    public MeterFilter httpLatencyDistribution() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals("http.server.requests")) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .percentiles(InferenceMetrics.PERCENTILES)
                        .percentilesHistogram(true)
                        .minimumExpectedValue((double) InferenceMetrics.MIN_EXPECTED.toNanos())
                        .maximumExpectedValue((double) InferenceMetrics.MAX_EXPECTED.toNanos())
                        .build()
                        .merge(config);
            }
        };
    }
}
