package dev.spacetime.cli;

import dev.spacetime.engine.train.EpochMetrics;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * A progress bar per epoch (steps, ETA, running mean loss). The bar draws through the command's stderr writer rather
 * than {@code System.err}, so a command whose output is redirected (tests, {@code aot-warmup}) stays quiet.
 */
final class ProgressBars implements Progress {

    private static final int REDRAW_MILLIS = 200;

    private final PrintWriter err;
    private final int epochs;
    private ProgressBar bar;
    private double lossSum;

    ProgressBars(PrintWriter err, int epochs) {
        this.err = err;
        this.epochs = epochs;
    }

    @Override
    public void epochStarted(int epoch, int steps) {
        lossSum = 0;
        bar = new ProgressBarBuilder()
                .setTaskName("epoch " + epoch + "/" + epochs)
                .setInitialMax(steps)
                .setUpdateIntervalMillis(REDRAW_MILLIS)
                .setConsumer(new DelegatingProgressBarConsumer(this::redraw))
                .build();
    }

    @Override
    public void stepFinished(int epoch, int step, double loss) {
        lossSum += loss;
        bar.step();
        bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", lossSum / step));
    }

    @Override
    public void epochFinished(EpochMetrics m) {
        bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f  val_acc %s", m.trainLoss(),
                Format.accuracy(m.valAccuracy())));
        close();
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
            err.println();
            err.flush();
        }
    }

    private void redraw(String rendered) {
        err.print('\r' + rendered);
        err.flush();
    }
}
