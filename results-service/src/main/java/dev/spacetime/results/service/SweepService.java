package dev.spacetime.results.service;

import dev.spacetime.engine.experiment.ExperimentResult;
import dev.spacetime.engine.experiment.ExperimentResult.ConfigSummary;
import dev.spacetime.engine.experiment.Summary;
import dev.spacetime.results.persistence.RunFilter;
import dev.spacetime.results.persistence.RunQueries;
import dev.spacetime.results.persistence.RunRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A sweep's configurations summarised over their seeds with the engine's own statistics ({@link Summary}: mean,
 * sample std, 95% Student-t interval) and its winner categories ({@link ExperimentResult#winners(List)}), so that
 * {@code spacetime experiment} in-process and a sweep through the services report the same figures the same way.
 */
@ApplicationScoped
public class SweepService {

    /** The figure that decides each winner category (by mean over seeds). */
    static final Map<String, String> WINNER_METRIC = Map.of(
            "accuracy", "test_accuracy",
            "training speed", "train_seconds",
            "parameter efficiency", "accuracy_per_1k_params",
            "inference latency", "inference_p50_us");

    @Inject
    RunQueries queries;

    /** One configuration: the engine's summary of its COMPLETED runs, plus what the database adds. */
    public record Config(ConfigSummary summary, String dataset, Map<String, String> attributes, Map<String, Integer> statuses,
                  List<String> jobIds) {

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>(summary.toMap());
            m.put("dataset", dataset);
            m.put("attributes", attributes);
            m.put("runs_by_status", statuses);
            m.put("job_ids", jobIds);
            return m;
        }
    }

    /**
     * {"sweep_id", "runs", "completed", "configs": [{config, model, params, seeds, test_accuracy: {n, mean, std,
     * ci95_low, ci95_high, min, max}, train_seconds, epoch_seconds, eval_seconds, inference_p50_us, inference_p99_us,
     * inference_batch_p50_us, accuracy_per_1k_params, converged, dataset, attributes, runs_by_status, job_ids}],
     * "winners": {category: config}} and, with {@code curves}, "curves": {config: {metric: [{epoch, n, mean, std}]}}.
     */
    public Map<String, Object> summary(String sweepId, boolean curves) {
        List<RunRow> runs = runs(sweepId);
        List<Config> configs = configs(runs);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sweep_id", sweepId);
        m.put("runs", runs.size());
        m.put("completed", runs.stream().filter(r -> "COMPLETED".equals(r.status())).count());
        m.put("configs", configs.stream().map(Config::toMap).toList());
        Map<String, String> winners = new LinkedHashMap<>();
        ExperimentResult.winners(completedSummaries(configs)).forEach((category, c) -> winners.put(category, c.label()));
        m.put("winners", winners);
        if (curves) {
            Map<String, Map<String, List<Map<String, Object>>>> bands = new LinkedHashMap<>();
            for (RunQueries.BandPoint p : queries.bands(sweepId)) {
                Map<String, Object> point = new LinkedHashMap<>();
                point.put("epoch", p.epoch());
                point.put("n", p.n());
                point.put("mean", p.mean());
                point.put("std", p.std());
                bands.computeIfAbsent(p.config(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(p.metric(), k -> new ArrayList<>()).add(point);
            }
            m.put("curves", bands);
        }
        return m;
    }

    /**
     * {"sweep_id", "winners": {category: {config, metric, mean, std, n, summary}}}: the best configuration per category
     * by mean over seeds (the engine's categories: accuracy, training speed, parameter efficiency, inference latency).
     */
    public Map<String, Object> winners(String sweepId) {
        List<Config> configs = configs(runs(sweepId));
        Map<String, Object> w = new LinkedHashMap<>();
        ExperimentResult.winners(completedSummaries(configs)).forEach((category, c) -> {
            String metric = WINNER_METRIC.getOrDefault(category, category);
            @SuppressWarnings("unchecked")
            Map<String, Object> stats = (Map<String, Object>) c.toMap().get(metric);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("config", c.label());
            e.put("model", c.model());
            e.put("params", c.params());
            e.put("metric", metric);
            e.put("mean", stats.get("mean"));
            e.put("std", stats.get("std"));
            e.put("n", stats.get("n"));
            e.put("summary", c.toMap());
            w.put(category, e);
        });
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sweep_id", sweepId);
        m.put("winners", w);
        return m;
    }

    private List<RunRow> runs(String sweepId) {
        List<RunRow> runs = queries.all(new RunFilter(sweepId, null, null, null));
        if (runs.isEmpty()) {
            throw new NotFound("no sweep '" + sweepId + "'");
        }
        return runs;
    }

    private static List<ConfigSummary> completedSummaries(List<Config> configs) {
        return configs.stream().map(Config::summary).filter(s -> s.seeds() > 0).toList();
    }

    /** Groups runs by configuration (first appearance order) and summarises the COMPLETED ones of each. */
    static List<Config> configs(List<RunRow> runs) {
        Map<String, List<RunRow>> byConfig = new LinkedHashMap<>();
        for (RunRow r : runs) {
            String label = r.config() != null ? r.config() : r.model() != null ? r.model() : r.jobId();
            byConfig.computeIfAbsent(label, k -> new ArrayList<>()).add(r);
        }
        List<Config> out = new ArrayList<>();
        byConfig.forEach((label, rs) -> {
            List<RunRow> done = rs.stream().filter(r -> "COMPLETED".equals(r.status())).toList();
            RunRow first = done.isEmpty() ? rs.getFirst() : done.getFirst();
            ConfigSummary s = new ConfigSummary(label, first.model(), first.params() == null ? 0 : first.params(),
                    done.size(),
                    over(done, RunRow::testAccuracy),
                    over(done, RunRow::trainSeconds),
                    over(done, RunRow::epochSecondsMean),
                    over(done, RunRow::evalSeconds),
                    over(done, RunRow::inferenceP50Us),
                    over(done, RunRow::inferenceP99Us),
                    over(done, RunRow::inferenceBatchP50Us),
                    over(done, RunRow::accuracyPer1kParams),
                    (int) done.stream().filter(r -> r.testAccuracy() != null && r.testAccuracy() == 1.0).count());
            Map<String, String> shared = new TreeMap<>(first.attributes() == null ? Map.of() : first.attributes());
            shared.remove("seed");
            Map<String, Integer> statuses = new TreeMap<>();
            rs.forEach(r -> statuses.merge(r.status(), 1, Integer::sum));
            out.add(new Config(s, first.dataset(), shared, statuses, rs.stream().map(RunRow::jobId).toList()));
        });
        return out;
    }

    /** The engine's statistics over the runs' values; a missing figure counts as not measured (NaN, dropped). */
    private static Summary over(List<RunRow> runs, Function<RunRow, Double> metric) {
        return Summary.of(runs.stream().mapToDouble(r -> {
            Double v = metric.apply(r);
            return v == null ? Double.NaN : v;
        }).toArray());
    }
}
