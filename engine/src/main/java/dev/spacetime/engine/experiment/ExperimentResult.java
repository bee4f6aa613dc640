package dev.spacetime.engine.experiment;

import dev.spacetime.engine.train.EpochMetrics;
import dev.spacetime.engine.train.RunResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** All runs of a preset, their summaries over seeds per configuration, and the winners by category. */
public record ExperimentResult(Preset preset, List<Run> runs) {

    /**
     * One run: its configuration (with its seed), everything its last training measured, and the training time of
     * each repeat (one unless the preset repeats short runs).
     */
    public record Run(RunConfig config, RunResult result, List<Double> repeatSeconds) {

        public Run {
            repeatSeconds = List.copyOf(repeatSeconds);
        }

        /** The median training time over the repeats. */
        public double trainSeconds() {
            double[] s = repeatSeconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        }

        /** train --json's fields plus every configuration field; train_seconds is the median over repeats. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>(result.toMap());
            config.describe().forEach(m::putIfAbsent);
            m.put("config", config.label());
            m.put("train_seconds", trainSeconds());
            m.put("train_seconds_repeats", repeatSeconds);
            m.put("mean_epoch_seconds", trainSeconds() / result.config().epochs());
            m.put("eval_seconds_total", evalSeconds());
            m.put("converged", converged());
            return m;
        }

        public double evalSeconds() {
            return result.epochs().stream().mapToDouble(EpochMetrics::evalSeconds).sum();
        }

        /** XOR's criterion, and a sane one elsewhere: every test row right. */
        public boolean converged() {
            return result.test().accuracy() == 1.0;
        }
    }

    /** Figures of one configuration over its seeds. */
    public record ConfigSummary(String label, String model, long params, int seeds, Summary testAccuracy,
                                Summary trainSeconds, Summary epochSeconds, Summary evalSeconds, Summary inferenceP50Micros,
                                Summary inferenceP99Micros, Summary batchP50Micros, Summary accuracyPer1kParams,
                                int converged) {

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("config", label);
            m.put("model", model);
            m.put("params", params);
            m.put("seeds", seeds);
            m.put("test_accuracy", stats(testAccuracy));
            m.put("train_seconds", stats(trainSeconds));
            m.put("epoch_seconds", stats(epochSeconds));
            m.put("eval_seconds", stats(evalSeconds));
            m.put("inference_p50_us", stats(inferenceP50Micros));
            m.put("inference_p99_us", stats(inferenceP99Micros));
            m.put("inference_batch_p50_us", stats(batchP50Micros));
            m.put("accuracy_per_1k_params", stats(accuracyPer1kParams));
            m.put("converged", converged);
            return m;
        }

        private static Map<String, Object> stats(Summary s) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("n", s.n());
            m.put("mean", s.mean());
            m.put("std", s.std());
            m.put("ci95_low", s.ciLow());
            m.put("ci95_high", s.ciHigh());
            m.put("min", s.min());
            m.put("max", s.max());
            return m;
        }
    }

    public List<ConfigSummary> summaries() {
        Map<String, List<Run>> byLabel = new LinkedHashMap<>();
        for (Run r : runs) {
            byLabel.computeIfAbsent(r.config().label(), k -> new ArrayList<>()).add(r);
        }
        List<ConfigSummary> out = new ArrayList<>();
        byLabel.forEach((label, rs) -> out.add(new ConfigSummary(label, rs.getFirst().result().spec().name(),
                rs.getFirst().result().params(), rs.size(),
                over(rs, r -> r.result().test().accuracy()),
                over(rs, Run::trainSeconds),
                over(rs, r -> r.trainSeconds() / r.result().config().epochs()),
                over(rs, Run::evalSeconds),
                over(rs, r -> r.result().latency().p50Micros()),
                over(rs, r -> r.result().latency().p99Micros()),
                over(rs, r -> r.result().latency().batchP50Micros()),
                over(rs, r -> r.result().accuracyPer1kParams()),
                (int) rs.stream().filter(Run::converged).count())));
        return out;
    }

    private static Summary over(List<Run> runs, ToDoubleFunction<Run> metric) {
        return Summary.of(runs.stream().mapToDouble(metric).toArray());
    }

    /**
     * The best configuration per category, by mean over seeds: accuracy (highest test accuracy), training speed
     * (least training time), parameter efficiency (most accuracy per 1k parameters), inference latency (lowest
     * single-row p50).
     */
    public Map<String, ConfigSummary> winners() {
        return winners(summaries());
    }

    /**
     * {@link #winners()} over any configuration summaries (results-service builds them from stored runs): the same
     * categories and rules. Empty when {@code s} is.
     */
    public static Map<String, ConfigSummary> winners(List<ConfigSummary> s) {
        if (s.isEmpty()) {
            return new LinkedHashMap<>();
        }
        Map<String, ConfigSummary> w = new LinkedHashMap<>();
        w.put("accuracy", s.stream().max(Comparator.comparingDouble(c -> c.testAccuracy().mean())).orElseThrow());
        w.put("training speed", s.stream().min(Comparator.comparingDouble(c -> c.trainSeconds().mean())).orElseThrow());
        w.put("parameter efficiency", s.stream().max(Comparator.comparingDouble(c -> c.accuracyPer1kParams().mean())).orElseThrow());
        s.stream().filter(c -> Double.isFinite(c.inferenceP50Micros().mean()))
                .min(Comparator.comparingDouble(c -> c.inferenceP50Micros().mean()))
                .ifPresent(c -> w.put("inference latency", c));
        return w;
    }

    /** {"runs": [...], "summary": {"preset", "description", "seeds", "configs": [...], "winners": {...}, "notes": [...]}} */
    public Map<String, Object> toMap() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("preset", preset.name());
        summary.put("description", preset.description());
        summary.put("seeds", preset.seeds());
        summary.put("configs", summaries().stream().map(ConfigSummary::toMap).toList());
        Map<String, String> winners = new LinkedHashMap<>();
        winners().forEach((category, c) -> winners.put(category, c.label()));
        summary.put("winners", winners);
        summary.put("notes", preset.notes());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runs", runs.stream().map(Run::toMap).toList());
        m.put("summary", summary);
        return m;
    }
}
