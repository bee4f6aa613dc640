package dev.spacetime.stack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code spacetime status} prints.
 *
 * @param kafkaBootstrap the broker's bootstrap address (null when not running)
 * @param jdbcUrl        the platform database's JDBC URL (null when not running)
 * @param serviceUrls    service name → base URL ({@code trainer} → {@code http://127.0.0.1:8081})
 * @param components     component name ({@code kafka}, {@code postgres}, then the services) → health
 * @param logs           component name → log file
 * @param artifactDir    the artifact store folder
 */
public record StackStatus(String kafkaBootstrap, String jdbcUrl, Map<String, String> serviceUrls,
        Map<String, Health> components, Map<String, String> logs, String artifactDir) {

    public StackStatus {
        serviceUrls = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(serviceUrls));
        components = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(components));
        logs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(logs));
    }

    /** True when every component that was not skipped is {@link Health#UP}. */
    public boolean healthy() {
        return components.values().stream().allMatch(h -> h == Health.UP || h == Health.SKIPPED);
    }

    /**
     * The {@code status --json} object: {@code <service>_url} per service ({@code trainer_url}, {@code results_url},
     * {@code inference_url}), {@code kafka_bootstrap}, {@code jdbc_url}, {@code components: {name: health}},
     * {@code artifact_dir}, {@code logs: {name: file}}.
     */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        serviceUrls.forEach((name, url) -> m.put(name.replace('-', '_') + "_url", url));
        m.put("kafka_bootstrap", kafkaBootstrap);
        m.put("jdbc_url", jdbcUrl);
        Map<String, String> c = new LinkedHashMap<>();
        components.forEach((name, h) -> c.put(name, h.name()));
        m.put("components", c);
        m.put("healthy", healthy());
        m.put("artifact_dir", artifactDir);
        m.put("logs", logs);
        return m;
    }
}
