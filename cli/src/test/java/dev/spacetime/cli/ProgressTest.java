package dev.spacetime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.engine.train.EpochMetrics;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Both progress styles, driven as the trainer drives them (the bars need a terminal, which tests do not have). */
class ProgressTest {

    @Test
    void barShowsStepsRunningLossAndValidationAccuracy() {
        StringWriter err = new StringWriter();
        try (Progress bars = new ProgressBars(new PrintWriter(err), 2)) {
            bars.epochStarted(1, 4);
            for (int step = 1; step <= 4; step++) {
                bars.stepFinished(1, step, 1.0 / step);
            }
            bars.epochFinished(new EpochMetrics(1, 0.52, 0.4, 0.9123, 0.1, 0.01));
        }
        String out = err.toString();
        assertTrue(out.contains("\repoch 1/2 100%"), out);
        assertTrue(out.contains("4/4"), out);
        assertTrue(out.contains("loss 0.5200  val_acc 0.9123"), out);
        assertTrue(out.endsWith(System.lineSeparator()), "the finished bar keeps its line");
    }

    @Test
    void closingEndsABarLeftOpenByAFailedRun() {
        StringWriter err = new StringWriter();
        Progress bars = new ProgressBars(new PrintWriter(err), 3);
        bars.epochStarted(1, 10);
        bars.stepFinished(1, 1, 2.3);
        bars.close();
        assertTrue(err.toString().endsWith(System.lineSeparator()), err.toString());
    }

    @Test
    void plainLinesOnePerEpoch() {
        StringWriter err = new StringWriter();
        try (Progress lines = new EpochLines(new PrintWriter(err), 10)) {
            lines.epochStarted(3, 100);
            lines.stepFinished(3, 1, 0.5);
            lines.epochFinished(new EpochMetrics(3, 0.1234, 0.2, 0.9712, 1.234, 0.1));
        }
        assertEquals("epoch 3/10  loss 0.1234  val_acc 0.9712  1.23 s", err.toString().strip());
    }
}
