package dev.spacetime.cli;

import dev.spacetime.engine.deep.DeepListener;
import dev.spacetime.engine.deep.DeepPlan;
import java.io.PrintWriter;
import java.util.Locale;

/** Deep-run progress on stderr: the plan, checkpoints, and one line per report interval. */
final class DeepListenerLines implements DeepListener {

    private final PrintWriter err;

    DeepListenerLines(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void log(String line) {
        err.println(line);
        err.flush();
    }

    @Override
    public void report(IntervalReport r) {
        err.println(String.format(Locale.ROOT,
                "step %d/%d  loss %.4f  batch_acc %.3f  %.3f s/step  %s layer-samples/s  read %s  written %s  peak_rss %s",
                r.step(), r.steps(), r.loss(), r.accuracy(), r.stepSeconds(), human(r.layerSamplesPerSecond()),
                DeepPlan.bytes(r.bytesRead()), DeepPlan.bytes(r.bytesWritten()), DeepPlan.bytes(r.peakRssBytes())));
        err.flush();
    }

    static String human(double x) {
        if (x >= 1e9) {
            return String.format(Locale.ROOT, "%.2fG", x / 1e9);
        }
        if (x >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", x / 1e6);
        }
        return String.format(Locale.ROOT, "%.0f", x);
    }
}
