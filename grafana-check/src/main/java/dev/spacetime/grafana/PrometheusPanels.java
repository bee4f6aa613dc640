package dev.spacetime.grafana;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names the Prometheus panels use, by the service that must expose them. Every selector names its
 * service with the scrape job label ({@code job="inference-service"}, {@code job=~"trainer-service|results-service"}
 * or {@code job=~"$service"}, a custom variable listing the services), the job names of
 * {@code deploy/grafana/prometheus/prometheus.yml}.
 */
public final class PrometheusPanels {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)}?");

    private PrometheusPanels() {
    }

    /** Metric name → the panels that need it from {@code job}, over every dashboard. */
    public static Map<String, List<String>> metricsOf(String job) {
        Map<String, List<String>> out = new TreeMap<>();
        for (Dashboard d : Dashboards.all()) {
            for (Target t : d.targets()) {
                if (!t.isPrometheus()) {
                    continue;
                }
                for (PromQl.Selector s : PromQl.selectors(t.expr())) {
                    if (jobs(d, t, s).contains(job)) {
                        out.computeIfAbsent(s.metric(), k -> new ArrayList<>()).add(t.toString());
                    }
                }
            }
        }
        return out;
    }

    /** The jobs a selector's {@code job} matcher admits, with the dashboard's custom variables expanded. */
    static Set<String> jobs(Dashboard d, Target t, PromQl.Selector s) {
        String matcher = s.labels().get("job");
        if (matcher == null) {
            throw new IllegalArgumentException(t + ": metric " + s.metric() + " has no job=\"...\" matcher, so no "
                    + "test knows which service must expose it");
        }
        Matcher m = VARIABLE.matcher(matcher);
        StringBuilder expanded = new StringBuilder();
        while (m.find()) {
            Variable v = d.variables().stream().filter(x -> x.name().equals(m.group(1))).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(t + ": unknown variable $" + m.group(1)));
            m.appendReplacement(expanded, Matcher.quoteReplacement(String.join("|", v.customValues())));
        }
        m.appendTail(expanded);
        return Set.of(expanded.toString().replaceAll("[()]", "").split("\\|"));
    }

    /** The metrics {@code job}'s panels need that {@code exposition} lacks, each with a panel that needs it. */
    public static List<String> missing(String job, String exposition) {
        Set<String> present = MetricsText.sampleNames(exposition);
        List<String> out = new ArrayList<>();
        metricsOf(job).forEach((metric, panels) -> {
            if (!present.contains(metric)) {
                String family = MetricsText.family(metric);
                out.add(metric + " (used by " + panels.getFirst() + "; the service exposes "
                        + present.stream().filter(n -> n.startsWith(family)).toList() + ")");
            }
        });
        return out;
    }
}
