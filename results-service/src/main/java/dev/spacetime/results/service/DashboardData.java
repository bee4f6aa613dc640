package dev.spacetime.results.service;

import dev.spacetime.engine.experiment.ExperimentResult.ConfigSummary;
import dev.spacetime.engine.experiment.Summary;
import dev.spacetime.results.persistence.RunFilter;
import dev.spacetime.results.persistence.RunQueries.BandPoint;
import dev.spacetime.results.persistence.RunQueries.Choices;
import dev.spacetime.results.persistence.RunQueries.FrontierRow;
import dev.spacetime.results.persistence.RunRow;
import java.util.List;

/**
 * What the results page shows for one filter.
 *
 * @param frontier   every COMPLETED run with its objectives and Pareto flags (one scatter mark each)
 * @param bands      mean ± std per sweep, configuration, metric and epoch over seeds
 * @param configs    per sweep and configuration: the summary over seeds (the comparison table)
 * @param winners    per sweep: the best configuration per category
 * @param recentRuns the newest runs, newest first (at most {@link Dashboard#RECENT_RUNS})
 * @param totalRuns  how many runs the filter keeps
 */
public record DashboardData(RunFilter filter, Choices choices, List<FrontierRow> frontier, List<BandPoint> bands,
                            List<ConfigRow> configs, List<Winner> winners, List<RunRow> recentRuns, long totalRuns) {

    /** One configuration of one sweep (sweepId null: runs submitted outside a sweep). */
    public record ConfigRow(String sweepId, SweepService.Config config) {
    }

    /** The best configuration of a sweep in one category, with the figure that decided it. */
    public record Winner(String sweepId, String category, ConfigSummary config, String metric, Summary figure) {
    }
}
