package dev.spacetime.results.page;

import dev.spacetime.results.persistence.RunFilter;
import dev.spacetime.results.persistence.RunQueries.BandPoint;
import dev.spacetime.results.persistence.RunQueries.FrontierRow;
import dev.spacetime.results.service.DashboardData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The results page for people without Grafana: the frontier scatters, the curves with seed bands, the winners, the
 * configurations compared over seeds and the newest runs, for one filter (sweep / model / dataset). Plain HTML and
 * inline SVG rendered here; the browser fetches nothing else, and links lead to the CSV export and the JSON API.
 */
public final class ResultsPage {

    /** The per-epoch metrics drawn as curves: metric → chart title. */
    private static final Map<String, String> CURVES = Map.of("train_loss", "training loss",
            "val_accuracy", "validation accuracy");

    private ResultsPage() {
    }

    public static String render(DashboardData d) {
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                // An empty icon: otherwise the browser asks for /favicon.ico, a 404 in its console.
                .append("<link rel=\"icon\" href=\"data:,\">")
                .append("<title>Spacetime results</title><style>").append(Style.CSS).append("</style></head><body>");
        b.append("<header><h1>Spacetime results</h1>").append(filters(d)).append(links(d.filter())).append("</header>");
        if (d.totalRuns() == 0) {
            b.append("<p class=\"empty\" id=\"no-runs\">No run matches. Runs appear here as soon as trainers report them "
                    + "(for example after <code>./spacetime sweep …</code>).</p>");
        } else {
            b.append(frontier(d)).append(curves(d)).append(Tables.winners(d)).append(Tables.configs(d)).append(Tables.runs(d));
        }
        return b.append("</body></html>").toString();
    }

    private static String filters(DashboardData d) {
        RunFilter f = d.filter();
        return "<form class=\"filters\" method=\"get\" action=\"ui\">"
                + select("sweep", "all sweeps", d.choices().sweeps(), f.sweep())
                + select("model", "all models", d.choices().models(), f.model())
                + select("dataset", "all datasets", d.choices().datasets(), f.dataset())
                + "<button type=\"submit\" id=\"apply\">Apply</button> <a href=\"ui\">reset</a></form>";
    }

    private static String select(String name, String any, List<String> values, String chosen) {
        StringBuilder b = new StringBuilder("<label>").append(name).append(" <select name=\"").append(name)
                .append("\" id=\"filter-").append(name).append("\"><option value=\"\">").append(any).append("</option>");
        List<String> options = new ArrayList<>(values);
        if (chosen != null && !options.contains(chosen)) {
            options.addFirst(chosen);   // a value typed into the URL that no run has: shown, so the empty page explains itself
        }
        for (String v : options) {
            b.append("<option value=\"").append(Html.esc(v)).append('"').append(v.equals(chosen) ? " selected" : "")
                    .append('>').append(Html.esc(v)).append("</option>");
        }
        return b.append("</select></label> ").toString();
    }

    private static String links(RunFilter f) {
        Map<String, String> q = query(f.sweep(), f.model(), f.dataset());
        StringBuilder b = new StringBuilder("<p class=\"links\">Download: <a id=\"csv\" href=\"")
                .append(Html.href("runs.csv", q)).append("\">CSV of these runs</a> · JSON: <a href=\"")
                .append(Html.href("runs", q)).append("\">runs</a> · <a href=\"").append(Html.href("frontier", q))
                .append("\">frontier</a>");
        if (f.sweep() != null) {
            String sweep = "sweeps/" + java.net.URLEncoder.encode(f.sweep(), java.nio.charset.StandardCharsets.UTF_8);
            b.append(" · <a href=\"").append(Html.href(sweep + "/summary", Map.of("curves", "true")))
                    .append("\">sweep summary</a>");
        }
        return b.append("</p>").toString();
    }

    private static String frontier(DashboardData d) {
        List<FrontierRow> rows = d.frontier();
        Palette models = new Palette(rows.stream().map(r -> String.valueOf(r.model())).sorted().distinct().toList());
        StringBuilder b = new StringBuilder("<section id=\"frontier\"><h2>Space-time frontier</h2><p class=\"note\">")
                .append(rows.size()).append(rows.size() == 1 ? " completed run" : " completed runs")
                .append(", one mark each, colored by model. Ringed marks, joined by the staircase, are Pareto-optimal ")
                .append("within their sweep and dataset: no other run there is at least as accurate at a lower cost.")
                .append("</p><div class=\"charts\">");
        b.append(scatter("accuracy-params", "Accuracy vs parameters", "unique parameters", rows, models,
                r -> r.params() == null ? null : r.params().doubleValue(), FrontierRow::paretoParams));
        b.append(scatter("accuracy-time", "Accuracy vs training time", "training time (s)", rows, models,
                FrontierRow::trainSeconds, FrontierRow::paretoTime));
        if (rows.stream().anyMatch(r -> r.peakRssBytes() != null)) {
            b.append(scatter("accuracy-memory", "Accuracy vs peak memory", "peak RSS (bytes)", rows, models,
                    r -> r.peakRssBytes() == null ? null : r.peakRssBytes().doubleValue(), FrontierRow::paretoMemory));
        }
        return b.append("</div>").append(models.legend()).append("</section>").toString();
    }

    private static String scatter(String chart, String title, String xTitle, List<FrontierRow> rows, Palette models,
                                  Function<FrontierRow, Double> cost, Predicate<FrontierRow> pareto) {
        List<ScatterChart.Mark> marks = new ArrayList<>();
        for (FrontierRow r : rows) {
            Double x = cost.apply(r);
            if (x == null || !Double.isFinite(x) || !Double.isFinite(r.testAccuracy())) {
                continue;
            }
            String tip = r.jobId() + " · " + r.config() + (r.seed() == null ? "" : " · seed " + r.seed())
                    + " · accuracy " + Html.num(r.testAccuracy()) + " · " + Html.num(r.params()) + " params · "
                    + Html.num(r.trainSeconds()) + " s";
            marks.add(new ScatterChart.Mark(r.jobId(), x, r.testAccuracy(), pareto.test(r),
                    models.color(String.valueOf(r.model())), r.sweepId() + "\u0000" + r.dataset(), tip));
        }
        return ScatterChart.render(chart, title, xTitle, "test accuracy", marks);
    }

    private static String curves(DashboardData d) {
        Set<String> sweeps = d.bands().stream().map(p -> String.valueOf(p.sweepId())).collect(Collectors.toSet());
        Map<String, List<BandPoint>> bySeries = new LinkedHashMap<>();
        d.bands().forEach(p -> bySeries.computeIfAbsent(p.sweepId() + "\u0000" + p.config(), k -> new ArrayList<>())
                .add(p));
        Map<String, String> labels = new LinkedHashMap<>();
        bySeries.forEach((key, points) -> labels.put(key, sweeps.size() > 1
                ? points.getFirst().sweepId() + " / " + points.getFirst().config() : points.getFirst().config()));
        Palette colors = new Palette(new ArrayList<>(labels.values()));
        StringBuilder b = new StringBuilder("<section id=\"curves\"><h2>Curves over seeds</h2><p class=\"note\">")
                .append("Per configuration: the mean over its seeds, and a band of ± one sample standard deviation.")
                .append("</p><div class=\"charts\">");
        for (String metric : List.of("train_loss", "val_accuracy")) {
            List<BandChart.Series> series = new ArrayList<>();
            bySeries.forEach((key, points) -> {
                List<BandChart.Point> ps = points.stream().filter(p -> p.metric().equals(metric) && p.mean() != null)
                        .map(p -> new BandChart.Point(p.epoch(), p.mean(), p.std(), p.n())).toList();
                if (!ps.isEmpty()) {
                    String label = labels.get(key);
                    series.add(new BandChart.Series(points.getFirst().sweepId(), points.getFirst().config(), label,
                            colors.color(label), ps));
                }
            });
            b.append(BandChart.render("curve-" + metric, CURVES.get(metric) + " per epoch", CURVES.get(metric), series));
        }
        return b.append("</div>").append(colors.legend()).append("</section>").toString();
    }

    private static Map<String, String> query(String sweep, String model, String dataset) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("sweep", sweep);
        q.put("model", model);
        q.put("dataset", dataset);
        return q;
    }
}
