package dev.spacetime.results.service;

import dev.spacetime.results.persistence.RunRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One CSV row per run (RFC 4180: comma-separated, CRLF, quoted when needed): identity and lifecycle columns, then every
 * configuration attribute any of the runs has (sorted; empty where a run lacks it), then the final figures, then any
 * other metric the COMPLETED events carried.
 */
public final class CsvExport {

    static final List<String> FIXED = List.of("job_id", "sweep_id", "config", "model", "dataset", "engine", "seed",
            "status", "reason", "worker", "submitted_at", "started_at", "finished_at", "last_epoch");
    static final List<String> RESULTS = List.of("test_accuracy", "test_loss", "params", "train_seconds",
            "epoch_seconds_mean", "eval_seconds", "inference_p50_us", "inference_p99_us", "inference_batch_p50_us",
            "peak_rss_bytes", "peak_heap_bytes", "accuracy_per_1k_params");

    private CsvExport() {
    }

    public static String toCsv(List<RunRow> runs) {
        Set<String> attributes = new TreeSet<>();
        Set<String> extra = new TreeSet<>();
        for (RunRow r : runs) {
            if (r.attributes() != null) {
                attributes.addAll(r.attributes().keySet());
            }
            if (r.finalMetrics() != null) {
                extra.addAll(r.finalMetrics().keySet());
            }
        }
        Set<String> taken = new LinkedHashSet<>(FIXED);
        taken.addAll(RESULTS);
        attributes.removeAll(taken);
        extra.removeAll(taken);
        extra.removeAll(attributes);
        List<String> header = new ArrayList<>(FIXED);
        header.addAll(attributes);
        header.addAll(RESULTS);
        header.addAll(extra);

        StringBuilder sb = new StringBuilder();
        line(sb, header);
        for (RunRow r : runs) {
            List<String> row = new ArrayList<>(header.size());
            row.add(r.jobId());
            row.add(r.sweepId());
            row.add(r.config());
            row.add(r.model());
            row.add(r.dataset());
            row.add(r.engine());
            row.add(str(r.seed()));
            row.add(r.status());
            row.add(r.reason());
            row.add(r.worker());
            row.add(str(r.submittedAt()));
            row.add(str(r.startedAt()));
            row.add(str(r.finishedAt()));
            row.add(str(r.lastEpoch()));
            Map<String, String> attrs = r.attributes() == null ? Map.of() : r.attributes();
            attributes.forEach(a -> row.add(attrs.get(a)));
            Map<String, Object> results = r.results();
            RESULTS.forEach(k -> row.add(str(results.get(k))));
            Map<String, Double> metrics = r.finalMetrics() == null ? Map.of() : r.finalMetrics();
            extra.forEach(k -> row.add(str(metrics.get(k))));
            line(sb, row);
        }
        return sb.toString();
    }

    private static String str(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof Instant i) {
            return i.toString();
        }
        if (o instanceof Double d) {
            return Double.isFinite(d) ? (d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString()) : "";
        }
        return o.toString();
    }

    private static void line(StringBuilder sb, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(quote(cells.get(i)));
        }
        sb.append("\r\n");
    }

    static String quote(String s) {
        if (s == null) {
            return "";
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
