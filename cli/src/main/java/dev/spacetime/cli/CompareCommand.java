package dev.spacetime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spacetime.engine.experiment.Summary;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code spacetime compare}: the comparison table from results-service. With {@code --sweep ID}, one row per
 * configuration with mean ± std over its seeds (and the 95% interval of the accuracy), then the winners by category;
 * with job ids, the runs side by side. The figures are the service's, computed with the engine's statistics.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compare results from results-service: a sweep's configurations over seeds, or runs by job id.",
        footer = "--json prints the service's answer (GET /sweeps/{id}/summary or GET /runs/compare) as the last line.")
final class CompareCommand implements Callable<Integer> {

    static final String DEFAULT_URL = "http://127.0.0.1:8082";

    @Spec
    CommandSpec spec;

    @Option(names = "--sweep", paramLabel = "ID", description = "Summarise this sweep: mean ± std over seeds per configuration.")
    String sweep;

    @Parameters(paramLabel = "JOB", arity = "0..*", description = "Job ids to compare side by side.")
    List<String> jobs;

    @Option(names = "--results-url", paramLabel = "URL",
            description = "results-service's base URL. Default: the local stack's (spacetime status), else " + DEFAULT_URL + ".")
    String resultsUrl;

    @Option(names = "--json", description = "Print the service's JSON answer as the last line of stdout.")
    boolean json;

    @Mixin
    StackOptions stack;

    @Override
    public Integer call() {
        boolean hasJobs = jobs != null && !jobs.isEmpty();
        if ((sweep == null) == !hasJobs) {
            throw new UserError("name a sweep (--sweep ID) or one or more job ids, not both");
        }
        String base = (resultsUrl != null ? resultsUrl : defaultUrl()).replaceAll("/+$", "");
        if (!base.startsWith("http://") && !base.startsWith("https://")) {
            throw new UserError("--results-url " + base + " must be an http:// or https:// URL");
        }
        String path = sweep != null ? "/sweeps/" + encode(sweep) + "/summary"
                : "/runs/compare?ids=" + encode(String.join(",", jobs));
        JsonNode answer = new ServiceClient("results-service", base).get(path);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter human = json ? spec.commandLine().getErr() : out;
        if (sweep != null) {
            printSweep(human, answer);
        } else {
            printRuns(human, answer);
        }
        human.flush();
        if (json) {
            out.println(answer.toString());
            out.flush();
        }
        return ExitCodes.OK;
    }

    private String defaultUrl() {
        try {
            String url = stack.builder(new PrintWriter(java.io.Writer.nullWriter())).build().status().serviceUrls()
                    .get("results");
            return url != null ? url : DEFAULT_URL;
        } catch (RuntimeException e) {
            return DEFAULT_URL;     // not in a checkout with a stack: the default port
        }
    }

    static void printSweep(PrintWriter out, JsonNode s) {
        out.println(String.format(Locale.ROOT, "sweep %s: %d runs, %d completed", s.path("sweep_id").asText(),
                s.path("runs").asInt(), s.path("completed").asInt()));
        List<String> labels = new ArrayList<>();
        s.path("configs").forEach(c -> labels.add(c.path("config").asText()));
        Set<String> common = commonSettings(labels);
        if (!common.isEmpty()) {
            out.println("every configuration: " + String.join(" ", common));
        }
        out.println();
        out.println(String.format(Locale.ROOT, "%-44s %10s %5s %-34s %-17s %-17s %-15s %-15s", "configuration",
                "params", "seeds", "test accuracy (95% CI)", "train s", "epoch s", "p50 µs", "p99 µs"));
        for (JsonNode c : byAccuracy(s.path("configs"))) {
            out.println(String.format(Locale.ROOT, "%-44s %10s %5d %-34s %-17s %-17s %-15s %-15s",
                    shorten(c.path("config").asText(), common), Format.count(c.path("params").asLong()),
                    c.path("seeds").asInt(), accuracy(summary(c.path("test_accuracy"))),
                    cell(c.path("train_seconds"), "%.3f"), cell(c.path("epoch_seconds"), "%.4f"),
                    cell(c.path("inference_p50_us"), "%.2f"), cell(c.path("inference_p99_us"), "%.2f")));
        }
        out.println();
        out.println("winners (mean over seeds)");
        s.path("winners").properties().forEach(e -> out.println(String.format(Locale.ROOT, "  %-22s %s", e.getKey(),
                shorten(e.getValue().asText(), common))));
    }

    /** Best mean test accuracy first (configurations without a completed run last), as a leaderboard reads. */
    static List<JsonNode> byAccuracy(JsonNode configs) {
        List<JsonNode> rows = new ArrayList<>();
        configs.forEach(rows::add);
        rows.sort(java.util.Comparator.comparingDouble((JsonNode c) -> {
            double mean = summary(c.path("test_accuracy")).mean();
            return Double.isNaN(mean) ? Double.NEGATIVE_INFINITY : mean;
        }).reversed());
        return rows;
    }

    /**
     * The {@code key=value} settings every label shares (labels are {@code model key=value ...}): printed once above
     * the table so that each row shows only what sets its configuration apart. Empty for fewer than two labels.
     */
    static Set<String> commonSettings(List<String> labels) {
        if (labels.size() < 2) {
            return Set.of();
        }
        Set<String> common = new LinkedHashSet<>(settings(labels.getFirst()));
        labels.forEach(l -> common.retainAll(settings(l)));
        return common;
    }

    static String shorten(String label, Set<String> common) {
        String[] words = label.split(" ");
        StringBuilder b = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            if (!common.contains(words[i])) {
                b.append(' ').append(words[i]);
            }
        }
        return b.toString();
    }

    private static List<String> settings(String label) {
        return Arrays.stream(label.split(" ")).skip(1).filter(w -> w.contains("=")).toList();
    }

    private static void printRuns(PrintWriter out, JsonNode c) {
        out.println(String.format(Locale.ROOT, "%-28s %-36s %-10s %10s %-10s %-10s %-10s %-10s", "job", "configuration",
                "status", "params", "test acc", "train s", "p50 µs", "p99 µs"));
        for (JsonNode r : c.path("runs")) {
            JsonNode res = r.path("results");
            out.println(String.format(Locale.ROOT, "%-28s %-36s %-10s %10s %-10s %-10s %-10s %-10s",
                    r.path("job_id").asText(), r.path("config").asText(""), r.path("status").asText(),
                    res.has("params") ? Format.count(res.path("params").asLong()) : "-",
                    number(res.path("test_accuracy"), "%.4f"), number(res.path("train_seconds"), "%.3f"),
                    number(res.path("inference_p50_us"), "%.2f"), number(res.path("inference_p99_us"), "%.2f")));
        }
    }

    /** The service's statistics object back into the engine's {@link Summary} (null in JSON = NaN). */
    static Summary summary(JsonNode s) {
        return new Summary(s.path("n").asInt(), d(s.path("mean")), d(s.path("std")), d(s.path("ci95_low")),
                d(s.path("ci95_high")), d(s.path("min")), d(s.path("max")));
    }

    private static double d(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }

    private static String cell(JsonNode stats, String pattern) {
        Summary s = summary(stats);
        return s.n() == 0 ? "-" : s.format(pattern);
    }

    private static String accuracy(Summary s) {
        if (s.n() == 0) {
            return "-";
        }
        if (s.n() == 1) {
            return String.format(Locale.ROOT, "%.4f", s.mean());
        }
        return String.format(Locale.ROOT, "%.4f ± %.4f [%.4f, %.4f]", s.mean(), s.std(), s.ciLow(), s.ciHigh());
    }

    private static String number(JsonNode n, String pattern) {
        return n.isNumber() ? String.format(Locale.ROOT, pattern, n.asDouble()) : "-";
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
