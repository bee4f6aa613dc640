package dev.spacetime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The finished jobs, from the trainer ({@code GET /jobs/{id}}: the run as {@code train --json} prints it, read from the
 * completion marker in the artifact store, so any replica answers): a table, or with {@code --json} one line with the
 * run (a sweep: an array of runs) plus {@code job_id}, {@code status}, {@code model_name}, {@code model_version}.
 */
final class Results {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Results() {
    }

    static int report(TrainerClient trainer, List<String> ids, boolean many, boolean json, PrintWriter out, PrintWriter err) {
        List<Map<String, Object>> runs = new ArrayList<>();
        int notCompleted = 0;
        for (String id : ids) {
            JsonNode job = trainer.get("/jobs/" + id);
            Map<String, Object> run = new LinkedHashMap<>();
            if (job != null && job.has("result")) {
                run.putAll(MAPPER.convertValue(job.get("result"), Map.class));
            }
            String status = job == null ? "UNKNOWN" : job.path("status").asText("UNKNOWN");
            run.put("job_id", id);
            run.put("status", status);
            if (job != null && job.has("model")) {
                run.put("model_name", job.get("model").path("modelName").asText());
                run.put("model_version", job.get("model").path("version").asInt());
            } else {
                run.putIfAbsent("model_name", null);
                run.putIfAbsent("model_version", null);
            }
            if (job != null && job.has("reason")) {
                run.put("reason", job.get("reason").asText());
            }
            if (!"COMPLETED".equals(status)) {
                notCompleted++;
            }
            runs.add(run);
        }
        PrintWriter human = json ? err : out;
        String row = "%-28s %-10s %9s %9s  %s%n";
        human.printf(Locale.ROOT, row, "JOB", "STATUS", "TEST_ACC", "TRAIN_S", "MODEL");
        for (Map<String, Object> r : runs) {
            human.printf(Locale.ROOT, row, r.get("job_id"), r.get("status"),
                    r.get("test_accuracy") instanceof Number n ? Format.accuracy(n.doubleValue()) : "-",
                    r.get("train_seconds") instanceof Number n ? String.format(Locale.ROOT, "%.2f", n.doubleValue()) : "-",
                    r.get("model_name") == null ? String.valueOf(r.getOrDefault("reason", "-"))
                            : r.get("model_name") + " v" + r.get("model_version"));
        }
        human.flush();
        if (json) {
            out.println(Json.line(many ? runs : runs.getFirst()));
            out.flush();
        }
        if (notCompleted > 0) {
            err.println("spacetime: " + notCompleted + " of " + runs.size() + " job(s) did not complete");
            err.flush();
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }
}
