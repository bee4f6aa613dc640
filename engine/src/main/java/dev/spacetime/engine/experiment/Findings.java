package dev.spacetime.engine.experiment;

import dev.spacetime.engine.experiment.ExperimentResult.ConfigSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** What a preset's results say about the claims it re-examines, in plain sentences computed from the summaries. */
public final class Findings {

    /** Two accuracies within this many points "match". */
    static final double MATCH_POINTS = 0.5;

    private Findings() {
    }

    public static List<String> of(ExperimentResult result) {
        List<ConfigSummary> s = result.summaries();
        return switch (result.preset().name()) {
            case "recursive-vs-standard" -> recursiveVsStandard(s);
            case "sequential2d" -> sequential2d(s);
            case "xor" -> xor(s);
            case "iris" -> iris(s);
            default -> List.of();
        };
    }

    private static String pct(Summary acc) {
        return acc.n() > 1 ? String.format(Locale.ROOT, "%.2f ± %.2f%%", 100 * acc.mean(), 100 * acc.std())
                : String.format(Locale.ROOT, "%.2f%%", 100 * acc.mean());
    }

    private static List<String> recursiveVsStandard(List<ConfigSummary> s) {
        List<String> out = new ArrayList<>();
        ConfigSummary medium = s.stream().filter(c -> c.model().equals("standard-medium"))
                .max(Comparator.comparingDouble(c -> c.testAccuracy().mean())).orElse(null);
        if (medium == null) {
            return out;
        }
        for (long budget : Presets.RECURSIVE_BUDGETS) {
            s.stream().filter(c -> c.label().contains("@" + budget))
                    .max(Comparator.comparingDouble(c -> c.testAccuracy().mean()))
                    .ifPresent(best -> {
                        double gap = 100 * (medium.testAccuracy().mean() - best.testAccuracy().mean());
                        out.add(String.format(Locale.ROOT,
                                "Best RecursiveNet at the %,d budget (%s, %,d parameters) reaches %s against StandardNet "
                                        + "medium's %s with %,d parameters: %s (%.2f points %s), with %.0f%% of its parameters "
                                        + "and %.1f× its training time.",
                                budget, best.label(), best.params(), pct(best.testAccuracy()), pct(medium.testAccuracy()),
                                medium.params(), Math.abs(gap) <= MATCH_POINTS ? "the claim that it matches holds"
                                        : gap > 0 ? "the claim that it matches does not hold" : "it does better",
                                Math.abs(gap), gap >= 0 ? "behind" : "ahead", 100.0 * best.params() / medium.params(),
                                best.trainSeconds().mean() / medium.trainSeconds().mean()));
                    });
        }
        return out;
    }

    private static List<String> sequential2d(List<ConfigSummary> s) {
        ConfigSummary layered = find(s, "layered");
        ConfigSummary sparse = find(s, "random-sparse");
        if (layered == null || sparse == null) {
            return List.of();
        }
        double gap = 100 * Math.abs(layered.testAccuracy().mean() - sparse.testAccuracy().mean());
        return List.of(String.format(Locale.ROOT,
                "Random-sparse %s vs layered %s at the same %,d trainable parameters: %.2f points apart (%s); "
                        + "epoch time %.1f s vs %.1f s (the sparse map is stored dense with a mask).",
                pct(sparse.testAccuracy()), pct(layered.testAccuracy()), layered.params(), gap,
                gap <= MATCH_POINTS ? "they match" : "they differ", sparse.epochSeconds().mean(), layered.epochSeconds().mean()));
    }

    private static List<String> xor(List<ConfigSummary> s) {
        ConfigSummary x = s.getFirst();
        return List.of(String.format(Locale.ROOT,
                "%d of %d seeds converged (all four outputs on the right side of 0.5); training %.2f ± %.2f ms per seed "
                        + "in-process (min %.2f, max %.2f).", x.converged(), x.seeds(), 1e3 * x.trainSeconds().mean(),
                1e3 * nanToZero(x.trainSeconds().std()), 1e3 * x.trainSeconds().min(), 1e3 * x.trainSeconds().max()));
    }

    private static List<String> iris(List<ConfigSummary> s) {
        ConfigSummary plain = find(s, "training loop");
        ConfigSummary withEval = find(s, "per-epoch evaluation");
        if (plain == null || withEval == null) {
            return List.of();
        }
        return List.of(String.format(Locale.ROOT,
                "Test accuracy %s on the shared 30-row test split; training %.2f ms (training loop only), %.2f ms with "
                        + "per-epoch evaluation (%.2f ms of it evaluation); predicting the 30 test rows: p50 %.2f µs.",
                pct(plain.testAccuracy()), 1e3 * plain.trainSeconds().mean(),
                1e3 * (withEval.trainSeconds().mean() + withEval.evalSeconds().mean()), 1e3 * withEval.evalSeconds().mean(),
                plain.batchP50Micros().mean()));
    }

    private static ConfigSummary find(List<ConfigSummary> s, String labelPart) {
        return s.stream().filter(c -> c.label().contains(labelPart)).findFirst().orElse(null);
    }

    private static double nanToZero(double d) {
        return Double.isNaN(d) ? 0 : d;
    }
}
