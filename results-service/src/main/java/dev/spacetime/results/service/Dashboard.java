package dev.spacetime.results.service;

import dev.spacetime.engine.experiment.ExperimentResult;
import dev.spacetime.engine.experiment.ExperimentResult.ConfigSummary;
import dev.spacetime.engine.experiment.Summary;
import dev.spacetime.results.persistence.RunFilter;
import dev.spacetime.results.persistence.RunQueries;
import dev.spacetime.results.persistence.RunRow;
import dev.spacetime.results.service.DashboardData.ConfigRow;
import dev.spacetime.results.service.DashboardData.Winner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the results page shows for one filter, read in one go: the frontier, the seed bands, and per sweep its
 * configurations summarised over seeds and its winners (the same {@link SweepService} rules as
 * {@code GET /sweeps/{id}/summary}, applied to the runs the filter keeps).
 */
@ApplicationScoped
public class Dashboard {

    /** Newest runs listed in the page's run table; the CSV link has them all. */
    static final int RECENT_RUNS = 100;

    @Inject
    RunQueries queries;

    public DashboardData load(RunFilter filter) {
        List<RunRow> runs = queries.all(filter);
        Map<String, List<RunRow>> bySweep = new LinkedHashMap<>();
        runs.forEach(r -> bySweep.computeIfAbsent(r.sweepId(), k -> new ArrayList<>()).add(r));
        List<ConfigRow> configs = new ArrayList<>();
        List<Winner> winners = new ArrayList<>();
        bySweep.forEach((sweep, rs) -> {
            List<SweepService.Config> cs = SweepService.configs(rs);
            cs.forEach(c -> configs.add(new ConfigRow(sweep, c)));
            List<ConfigSummary> completed = cs.stream().map(SweepService.Config::summary).filter(s -> s.seeds() > 0)
                    .toList();
            ExperimentResult.winners(completed).forEach((category, c) -> winners.add(new Winner(sweep, category, c,
                    SweepService.WINNER_METRIC.get(category), decidingFigure(category, c))));
        });
        List<RunRow> recent = new ArrayList<>(runs.subList(Math.max(0, runs.size() - RECENT_RUNS), runs.size()));
        java.util.Collections.reverse(recent);
        return new DashboardData(filter, queries.choices(), queries.frontier(filter), queries.bands(filter), configs,
                winners, recent, runs.size());
    }

    /** The figure whose mean over seeds decides a winner category (see {@link SweepService#WINNER_METRIC}). */
    static Summary decidingFigure(String category, ConfigSummary c) {
        return switch (category) {
            case "accuracy" -> c.testAccuracy();
            case "training speed" -> c.trainSeconds();
            case "parameter efficiency" -> c.accuracyPer1kParams();
            case "inference latency" -> c.inferenceP50Micros();
            default -> throw new IllegalStateException("no deciding figure for winner category '" + category + "'");
        };
    }
}
