package dev.spacetime.cli;

import dev.spacetime.engine.train.EpochMetrics;
import java.io.PrintWriter;
import java.util.Locale;

/** One plain line per epoch, e.g. {@code epoch 3/10  loss 0.1234  val_acc 0.9712  1.23 s}. */
final class EpochLines implements Progress {

    private final PrintWriter err;
    private final int epochs;

    EpochLines(PrintWriter err, int epochs) {
        this.err = err;
        this.epochs = epochs;
    }

    @Override
    public void epochFinished(EpochMetrics m) {
        err.println(String.format(Locale.ROOT, "epoch %d/%d  loss %.4f  val_acc %s  %.2f s", m.epoch(), epochs,
                m.trainLoss(), Format.accuracy(m.valAccuracy()), m.trainSeconds()));
        err.flush();
    }

    @Override
    public void close() {
        // Every line is complete when printed: nothing to end.
    }
}
