package dev.spacetime.results.page;

import dev.spacetime.results.persistence.RunQueries.FrontierRow;
import dev.spacetime.results.persistence.RunRow;
import dev.spacetime.results.service.DashboardData;
import dev.spacetime.results.service.DashboardData.ConfigRow;
import dev.spacetime.results.service.DashboardData.Winner;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The results page's tables: winners by category, configurations compared over seeds, the newest runs. */
final class Tables {

    private Tables() {
    }

    static String winners(DashboardData d) {
        StringBuilder b = new StringBuilder("<section id=\"winners-section\"><h2>Winners by category</h2>")
                .append("<p class=\"note\">The best configuration of each sweep per category, by mean over its ")
                .append("completed seeds (among the runs the filter keeps).</p>");
        if (d.winners().isEmpty()) {
            return b.append("<p class=\"empty\">No configuration has a completed run yet.</p></section>").toString();
        }
        b.append("<table id=\"winners\"><thead><tr><th>sweep</th><th>category</th><th>configuration</th><th>figure</th>")
                .append("<th>mean ± std</th><th>seeds</th></tr></thead><tbody>");
        for (Winner w : d.winners()) {
            b.append("<tr data-category=\"").append(Html.esc(w.category())).append("\"><td>").append(sweepCell(w.sweepId()))
                    .append("</td><td>").append(Html.esc(w.category())).append("</td><td>")
                    .append(Html.esc(w.config().label())).append("</td><td>").append(Html.esc(w.metric()))
                    .append("</td><td class=\"n\">").append(Html.meanStd(w.figure())).append("</td><td class=\"n\">")
                    .append(w.figure().n()).append("</td></tr>");
        }
        return b.append("</tbody></table></section>").toString();
    }

    static String configs(DashboardData d) {
        StringBuilder b = new StringBuilder("<section id=\"configs-section\"><h2>Configurations compared</h2>")
                .append("<p class=\"note\">Mean ± sample standard deviation over the completed seeds of each ")
                .append("configuration.</p><table id=\"configs\"><thead><tr><th>sweep</th><th>configuration</th>")
                .append("<th>model</th><th>dataset</th><th>params</th><th>runs</th><th>test accuracy</th>")
                .append("<th>training s</th><th>epoch s</th><th>inference p50 µs</th><th>accuracy / 1k params</th>")
                .append("<th></th></tr></thead><tbody>");
        for (ConfigRow row : d.configs()) {
            var c = row.config();
            var s = c.summary();
            String statuses = c.statuses().entrySet().stream().map(e -> e.getValue() + " " + e.getKey().toLowerCase())
                    .collect(Collectors.joining(", "));
            b.append("<tr data-config=\"").append(Html.esc(s.label())).append("\"><td>").append(sweepCell(row.sweepId()))
                    .append("</td><td>").append(Html.esc(s.label())).append("</td><td>").append(Html.esc(s.model()))
                    .append("</td><td>").append(Html.esc(c.dataset())).append("</td><td class=\"n\">")
                    .append(Html.num((double) s.params())).append("</td><td>").append(Html.esc(statuses))
                    .append("</td><td class=\"n\">").append(Html.meanStd(s.testAccuracy())).append("</td><td class=\"n\">")
                    .append(Html.meanStd(s.trainSeconds())).append("</td><td class=\"n\">")
                    .append(Html.meanStd(s.epochSeconds())).append("</td><td class=\"n\">")
                    .append(Html.meanStd(s.inferenceP50Micros())).append("</td><td class=\"n\">")
                    .append(Html.meanStd(s.accuracyPer1kParams())).append("</td><td>");
            if (c.jobIds().size() <= 100) {
                b.append("<a href=\"").append(Html.href("runs/compare", Map.of("ids", String.join(",", c.jobIds()))))
                        .append("\">side by side</a>");
            }
            b.append("</td></tr>");
        }
        return b.append("</tbody></table></section>").toString();
    }

    static String runs(DashboardData d) {
        Set<String> pareto = d.frontier().stream().filter(FrontierRow::pareto).map(FrontierRow::jobId)
                .collect(Collectors.toCollection(TreeSet::new));
        StringBuilder b = new StringBuilder("<section id=\"runs-section\"><h2>Runs</h2><p class=\"note\">The newest ")
                .append(d.recentRuns().size()).append(" of ").append(d.totalRuns())
                .append(" runs (the CSV has them all). ★ marks a run that no other run of its sweep and dataset beats on ")
                .append("accuracy, parameters, training time and memory at once.</p><table id=\"runs\"><thead><tr>")
                .append("<th>job</th><th>sweep</th><th>configuration</th><th>seed</th><th>status</th>")
                .append("<th>test accuracy</th><th>params</th><th>training s</th><th>Pareto</th></tr></thead><tbody>");
        for (RunRow r : d.recentRuns()) {
            b.append("<tr data-job=\"").append(Html.esc(r.jobId())).append("\"><td><a href=\"runs/")
                    .append(Html.esc(java.net.URLEncoder.encode(r.jobId(), java.nio.charset.StandardCharsets.UTF_8)))
                    .append("\">").append(Html.esc(r.jobId())).append("</a></td><td>").append(sweepCell(r.sweepId()))
                    .append("</td><td>").append(Html.esc(r.config())).append("</td><td class=\"n\">")
                    .append(r.seed() == null ? "" : r.seed()).append("</td><td class=\"status ")
                    .append(Html.esc(r.status().toLowerCase())).append("\" title=\"").append(Html.esc(r.reason()))
                    .append("\">").append(Html.esc(r.status().toLowerCase())).append("</td><td class=\"n\">")
                    .append(Html.num(r.testAccuracy())).append("</td><td class=\"n\">").append(Html.num(r.params()))
                    .append("</td><td class=\"n\">").append(Html.num(r.trainSeconds())).append("</td><td>")
                    .append(pareto.contains(r.jobId()) ? "★" : "").append("</td></tr>");
        }
        return b.append("</tbody></table></section>").toString();
    }

    private static String sweepCell(String sweep) {
        return sweep == null ? "<span class=\"none\">none</span>" : Html.esc(sweep);
    }
}
