package dev.spacetime.inference.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The service's own meters (Prometheus names in brackets):
 * <ul>
 *   <li>{@value #PREDICT_LATENCY} [{@code spacetime_inference_predict_latency_seconds}]: model lookup + row checks +
 *       forward pass, per model; p50/p99 and histogram buckets. {@code http_server_requests_seconds} adds the HTTP
 *       side (body parsing, JSON writing) with the same distribution settings.</li>
 *   <li>{@value #REQUESTS} {outcome}: ok, bad_request, not_found, unavailable, payload_too_large, unauthorized,
 *       forbidden, error.</li>
 *   <li>{@value #ROWS}: rows predicted; {@value #LOADED}: artifacts loaded; {@value #REJECTED} {reason}: refused
 *       artifacts; {@value #INVALID}: poison records on the models topic.</li>
 *   <li>gauges {@code spacetime.inference.models.serving} and {@code spacetime.inference.versions.loaded} (registered
 *       by {@link ModelRegistry}).</li>
 * </ul>
 */
@ApplicationScoped
public class InferenceMetrics {

    public static final String PREDICT_LATENCY = "spacetime.inference.predict.latency";
    public static final String REQUESTS = "spacetime.inference.requests";
    public static final String ROWS = "spacetime.inference.predict.rows";
    public static final String LOADED = "spacetime.inference.artifacts.loaded";
    public static final String REJECTED = "spacetime.inference.artifacts.rejected";
    public static final String INVALID = "spacetime.inference.announcements.invalid";

    /** Latency distribution shared by the prediction timer and the HTTP server timer. */
    public static final double[] PERCENTILES = {0.5, 0.9, 0.99, 0.999};
    public static final Duration MIN_EXPECTED = Duration.ofNanos(10_000);
    public static final Duration MAX_EXPECTED = Duration.ofSeconds(10);

    private final MeterRegistry registry;
    private final Map<String, Timer> latencyByModel = new ConcurrentHashMap<>();
    private final Map<String, Counter> requestsByOutcome = new ConcurrentHashMap<>();
    private final Counter rows;
    private final Counter loaded;
    private final Counter invalid;

    public InferenceMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.rows = Counter.builder(ROWS).description("Rows predicted").register(registry);
        this.loaded = Counter.builder(LOADED).description("Model artifacts verified and loaded").register(registry);
        this.invalid = Counter.builder(INVALID).description("Records on the models topic that were not a valid ModelPublished")
                .register(registry);
        for (String outcome : new String[] {"ok", "bad_request", "not_found", "unavailable", "payload_too_large"}) {
            request(outcome, 0);
        }
        for (RejectionReason r : RejectionReason.values()) {
            rejectedCounter(r);
        }
    }

    /** One successful prediction request: latency by model, the ok outcome and its rows. */
    public void predicted(String model, int rowCount, long nanos) {
        latencyByModel.computeIfAbsent(model, this::latencyTimer).record(nanos, TimeUnit.NANOSECONDS);
        rows.increment(rowCount);
        request("ok", 1);
    }

    /** A finished request that did not predict (bad input, unknown model, …). */
    public void outcome(String outcome) {
        request(outcome, 1);
    }

    public void artifactLoaded() {
        loaded.increment();
    }

    public void artifactRejected(RejectionReason reason) {
        rejectedCounter(reason).increment();
    }

    public void invalidAnnouncement() {
        invalid.increment();
    }

    public MeterRegistry registry() {
        return registry;
    }

    private void request(String outcome, int n) {
        requestsByOutcome.computeIfAbsent(outcome, o -> Counter.builder(REQUESTS).tag("outcome", o)
                .description("Prediction API requests by outcome").register(registry)).increment(n);
    }

    private Counter rejectedCounter(RejectionReason reason) {
        return Counter.builder(REJECTED).tag("reason", reason.tag()).description("Model artifacts refused")
                .register(registry);
    }

    private Timer latencyTimer(String model) {
        return Timer.builder(PREDICT_LATENCY).tag("model", model)
                .description("Prediction time in the service: model lookup, row checks and the forward pass")
                .publishPercentiles(PERCENTILES)
                .publishPercentileHistogram()
                .minimumExpectedValue(MIN_EXPECTED)
                .maximumExpectedValue(MAX_EXPECTED)
                .register(registry);
    }
}
