package dev.spacetime.grafana;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void metricNamesAreToldFromFunctionsGroupingsKeywordsAndRanges() {
        List<PromQl.Selector> s = PromQl.selectors("histogram_quantile(0.99, sum by (le, model) (rate("
                + "x_seconds_bucket{job=\"a\", uri=\"/v1/{name}/p\"}[$__rate_interval] offset 5m))) / on(job) "
                + "group_left up and y_total");
        assertEquals(List.of(new PromQl.Selector("x_seconds_bucket", Map.of("job", new PromQl.LabelMatcher("=", "a"),
                        "uri", new PromQl.LabelMatcher("=", "/v1/{name}/p"))),
                new PromQl.Selector("up", Map.of()), new PromQl.Selector("y_total", Map.of())), s);
    }

    @Test
    void matcherOperatorsAndEmptyValues() {
        assertEquals(Map.of("job", new PromQl.LabelMatcher("=~", "$service"), "topic", new PromQl.LabelMatcher("!=", "")),
                PromQl.selectors("max by (job) (m{job=~\"$service\", topic!=\"\"})").getFirst().labels());
    }

    @Test
    void malformedExpressionsAreErrors() {
        assertThrows(IllegalArgumentException.class, () -> PromQl.selectors("sum(rate(m[5m])"));
        assertThrows(IllegalArgumentException.class, () -> PromQl.selectors("{__name__=\"m\"}"));
        assertThrows(IllegalArgumentException.class, () -> PromQl.selectors("m{job=a}"));
    }
}
