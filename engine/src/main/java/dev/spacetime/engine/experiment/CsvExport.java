package dev.spacetime.engine.experiment;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One row per run, every configuration field (optimizer, momentum, weight decay, split, seed, …) and every scalar
 * metric; per-epoch arrays are left to the JSON output.
 */
public final class CsvExport {

    private CsvExport() {
    }

    public static String toCsv(ExperimentResult result) {
        List<Map<String, Object>> rows = result.runs().stream().map(ExperimentResult.Run::toMap).toList();
        Set<String> columns = new LinkedHashSet<>();
        for (Map<String, Object> row : rows) {
            row.forEach((k, v) -> {
                if (!(v instanceof List<?>) && !(v instanceof Map<?, ?>)) {
                    columns.add(k);
                }
            });
        }
        StringBuilder sb = new StringBuilder(String.join(",", columns)).append('\n');
        for (Map<String, Object> row : rows) {
            List<String> cells = new ArrayList<>();
            for (String c : columns) {
                cells.add(cell(row.get(c)));
            }
            sb.append(String.join(",", cells)).append('\n');
        }
        return sb.toString();
    }

    static String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d && !Double.isFinite(d)) {
            return "";
        }
        String s = v.toString();
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
