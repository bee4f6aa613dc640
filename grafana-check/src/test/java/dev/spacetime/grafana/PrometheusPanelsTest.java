package dev.spacetime.grafana;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exposition parser and the label check that tells a selector that selects nothing. */
class PrometheusPanelsTest {

    static final String EXPOSITION = """
            # TYPE kafka_consumer_fetch_manager_records_lag_max gauge
            kafka_consumer_fetch_manager_records_lag_max{client_id="kafka-consumer-jobs",kafka_version="4.1.1"} 0.0
            http_server_requests_seconds_bucket{method="POST",uri="/v1/models/{name}/predict",le="0.001"} 3.0
            x{quantile="0.5",note="a \\"q\\", b"} 1.0
            up 1
            """;

    @Test
    void samplesKeepTheirLabels() {
        Map<String, List<Map<String, String>>> s = MetricsText.samples(EXPOSITION);
        assertEquals(List.of(Map.of("method", "POST", "uri", "/v1/models/{name}/predict", "le", "0.001")),
                s.get("http_server_requests_seconds_bucket"));
        assertEquals(List.of(Map.of("quantile", "0.5", "note", "a \"q\", b")), s.get("x"));
        assertEquals(List.of(Map.of()), s.get("up"));
    }

    @Test
    void aMatcherOnALabelTheMetricLacksSelectsNothing() {
        List<Map<String, String>> lag = MetricsText.samples(EXPOSITION).get("kafka_consumer_fetch_manager_records_lag_max");
        assertFalse(PrometheusPanels.selects(lag, "topic", new PromQl.LabelMatcher("!=", "")));
        assertTrue(PrometheusPanels.selects(lag, "client_id", new PromQl.LabelMatcher("=~", "kafka-consumer-.*")));
        assertFalse(PrometheusPanels.selects(lag, "client_id", new PromQl.LabelMatcher("=~", "kafka-consumer-jobs|other")));
        assertTrue(PrometheusPanels.selects(lag, "topic", new PromQl.LabelMatcher("=", "")));
    }
}
