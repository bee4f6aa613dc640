package dev.spacetime.cli;

import dev.spacetime.engine.train.EpochMetrics;
import dev.spacetime.engine.train.RunResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The human-readable report of a training run. */
final class TrainSummary {

    /** Long runs (XOR trains for thousands of epochs) show their first and last epochs only. */
    static final int EPOCHS_SHOWN_EACH_END = 5;

    private TrainSummary() {
    }

    static void print(PrintWriter out, RunResult r, Path modelFile) {
        out.println(row("model", r.spec().name() + " (" + Format.count(r.params()) + " parameters)"));
        out.println(row("data", r.split()));
        out.println();
        out.println(String.format(Locale.ROOT, "  %6s  %10s  %8s  %8s", "epoch", "train_loss", "val_acc", "seconds"));
        List<EpochMetrics> epochs = r.epochs();
        for (int i = 0; i < epochs.size(); i++) {
            if (epochs.size() > 2 * EPOCHS_SHOWN_EACH_END && i == EPOCHS_SHOWN_EACH_END) {
                out.println(String.format(Locale.ROOT, "  %6s  (%d epochs not shown)", "...",
                        epochs.size() - 2 * EPOCHS_SHOWN_EACH_END));
                i = epochs.size() - EPOCHS_SHOWN_EACH_END;
            }
            EpochMetrics m = epochs.get(i);
            out.println(String.format(Locale.ROOT, "  %6d  %10.4f  %8s  %8.2f", m.epoch(), m.trainLoss(),
                    Format.accuracy(m.valAccuracy()), m.trainSeconds()));
        }
        out.println();
        out.println(row("test accuracy", Format.accuracy(r.test().accuracy()) + " (" + Format.count(r.test().rows())
                + " rows, loss " + String.format(Locale.ROOT, "%.4f", r.test().loss()) + ")"));
        out.println(row("train seconds", String.format(Locale.ROOT, "%.2f", r.trainSeconds())));
        out.println(row("inference", r.latency().calls() == 0 ? "not measured (--latency-calls 0)"
                : "p50 " + Format.micros(r.latency().p50Micros()) + ", p99 " + Format.micros(r.latency().p99Micros())
                        + " per row (" + Format.count(r.latency().calls()) + " single-row calls)"));
        out.println(row("kernels", r.kernels() + ", " + r.config().threads() + " threads"));
        if (modelFile != null) {
            out.println(row("model file", modelFile.toString()));
        }
        out.flush();
    }

    private static String row(String label, String value) {
        return String.format(Locale.ROOT, "%-14s %s", label, value);
    }
}
