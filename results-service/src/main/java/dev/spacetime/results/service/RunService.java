package dev.spacetime.results.service;

import dev.spacetime.results.config.ResultsConfig;
import dev.spacetime.results.persistence.RunFilter;
import dev.spacetime.results.persistence.RunQueries;
import dev.spacetime.results.persistence.RunRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs: pages of them, one with its events and curves, several side by side. */
@ApplicationScoped
public class RunService {

    @Inject
    RunQueries queries;

    @Inject
    ResultsConfig config;

    /** {"total", "limit", "offset", "runs": [...]} */
    public Map<String, Object> page(RunFilter filter, Integer limit, Long offset) {
        int l = limit == null ? config.query().defaultPageSize() : limit;
        long o = offset == null ? 0 : offset;
        if (l < 1 || l > config.query().maxPageSize()) {
            throw new BadParameter("limit", "limit " + l + " must be in 1.." + config.query().maxPageSize());
        }
        if (o < 0) {
            throw new BadParameter("offset", "offset " + o + " must be ≥ 0");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", queries.count(filter));
        m.put("limit", l);
        m.put("offset", o);
        m.put("runs", queries.list(filter, l, o).stream().map(RunRow::toMap).toList());
        return m;
    }

    /** One run: its summary, every event in order, and its per-epoch and per-step curves. */
    public Map<String, Object> run(String jobId) {
        RunRow run = queries.find(jobId).orElseThrow(() -> new NotFound("no run '" + jobId + "'"));
        Map<String, Object> m = run.toMap();
        m.put("events", queries.events(jobId));
        m.put("curves", queries.epochCurves(List.of(jobId)).get(jobId));
        m.put("step_curves", queries.stepCurves(List.of(jobId)).get(jobId));
        return m;
    }

    /**
     * Runs side by side: {"job_ids": [...], "final_metrics": {metric: {job: value}}, "runs": [run + curves]}, in the
     * order asked for.
     */
    public Map<String, Object> compare(String ids) {
        if (ids == null || ids.isBlank()) {
            throw new BadParameter("ids", "ids is required: a comma-separated list of job ids");
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String id : ids.split(",")) {
            if (!id.isBlank()) {
                wanted.add(id.trim());
            }
        }
        if (wanted.isEmpty()) {
            throw new BadParameter("ids", "ids is required: a comma-separated list of job ids");
        }
        if (wanted.size() > config.query().maxCompare()) {
            throw new BadParameter("ids", "ids names " + wanted.size() + " runs; at most " + config.query().maxCompare()
                    + " can be compared at once");
        }
        Map<String, RunRow> found = new LinkedHashMap<>();
        queries.find(wanted).forEach(r -> found.put(r.jobId(), r));
        List<String> missing = wanted.stream().filter(id -> !found.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            throw new NotFound("no run " + String.join(", ", missing.stream().map(id -> "'" + id + "'").toList()));
        }
        var curves = queries.epochCurves(wanted);
        Map<String, Map<String, Object>> finals = new LinkedHashMap<>();
        List<Map<String, Object>> runs = new ArrayList<>();
        for (String id : wanted) {
            RunRow r = found.get(id);
            r.results().forEach((metric, value) -> finals.computeIfAbsent(metric, k -> new LinkedHashMap<>()).put(id, value));
            Map<String, Object> m = r.toMap();
            m.put("curves", curves.get(id));
            runs.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job_ids", List.copyOf(wanted));
        m.put("final_metrics", finals);
        m.put("runs", runs);
        return m;
    }

    public void delete(String jobId) {
        if (!queries.delete(jobId)) {
            throw new NotFound("no run '" + jobId + "'");
        }
    }
}
