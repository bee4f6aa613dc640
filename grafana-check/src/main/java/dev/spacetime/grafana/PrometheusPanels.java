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

    /** A selector of a panel that {@code job} must answer, with the panel for the messages. */
    public record Use(Target target, PromQl.Selector selector) {
    }

    /** Metric name → where the panels need it from {@code job}, over every dashboard. */
    public static Map<String, List<Use>> metricsOf(String job) {
        Map<String, List<Use>> out = new TreeMap<>();
        for (Dashboard d : Dashboards.all()) {
            for (Target t : d.targets()) {
                if (!t.isPrometheus()) {
                    continue;
                }
                for (PromQl.Selector s : PromQl.selectors(t.expr())) {
                    if (jobs(d, t, s).contains(job)) {
                        out.computeIfAbsent(s.metric(), k -> new ArrayList<>()).add(new Use(t, s));
                    }
                }
            }
        }
        return out;
    }

    /** The jobs a selector's {@code job} matcher admits, with the dashboard's custom variables expanded. */
    static Set<String> jobs(Dashboard d, Target t, PromQl.Selector s) {
        PromQl.LabelMatcher job = s.labels().get("job");
        if (job == null) {
            throw new IllegalArgumentException(t + ": metric " + s.metric() + " has no job=\"...\" matcher, so no "
                    + "test knows which service must expose it");
        }
        Matcher m = VARIABLE.matcher(job.value());
        StringBuilder expanded = new StringBuilder();
        while (m.find()) {
            Variable v = d.variables().stream().filter(x -> x.name().equals(m.group(1))).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(t + ": unknown variable $" + m.group(1)));
            m.appendReplacement(expanded, Matcher.quoteReplacement(String.join("|", v.customValues())));
        }
        m.appendTail(expanded);
        return Set.of(expanded.toString().replaceAll("[()]", "").split("\\|"));
    }

    /**
     * What {@code exposition} lacks of what {@code job}'s panels need: a metric name that is not there, or a label
     * matcher no sample of it satisfies ({@code topic!=""} on a metric without a topic label selects nothing;
     * {@code area="heap"} needs a sample with that value; {@code quantile=~"0.5|0.99"} a sample for each listed
     * value). Matchers that hold a variable, and the job label (Prometheus adds it when scraping), are not checked.
     */
    public static List<String> missing(String job, String exposition) {
        Map<String, List<Map<String, String>>> samples = MetricsText.samples(exposition);
        List<String> out = new ArrayList<>();
        metricsOf(job).forEach((metric, uses) -> {
            List<Map<String, String>> present = samples.get(metric);
            if (present == null) {
                String family = MetricsText.family(metric);
                out.add(metric + " (used by " + uses.getFirst().target() + "; the service exposes "
                        + samples.keySet().stream().filter(n -> n.startsWith(family)).toList() + ")");
                return;
            }
            for (Use use : uses) {
                use.selector().labels().forEach((label, matcher) -> {
                    if (!label.equals("job") && !matcher.value().contains("$") && !selects(present, label, matcher)) {
                        out.add(metric + "{" + label + matcher.op() + "\"" + matcher.value() + "\"} selects nothing (used by "
                                + use.target() + "; its label sets are " + present.stream().limit(5).toList() + ")");
                    }
                });
            }
        });
        return out;
    }

    /** Whether some sample passes the matcher (a missing label counts as ""); for =~, each alternative of a|b does. */
    static boolean selects(List<Map<String, String>> present, String label, PromQl.LabelMatcher m) {
        return switch (m.op()) {
            case "=" -> present.stream().anyMatch(l -> l.getOrDefault(label, "").equals(m.value()));
            case "!=" -> present.stream().anyMatch(l -> !l.getOrDefault(label, "").equals(m.value()));
            case "!~" -> present.stream().anyMatch(l -> !l.getOrDefault(label, "").matches(m.value()));
            default -> {
                for (String alternative : m.value().split("\\|")) {
                    if (present.stream().noneMatch(l -> l.getOrDefault(label, "").matches(alternative))) {
                        yield false;
                    }
                }
                yield true;
            }
        };
    }
}
