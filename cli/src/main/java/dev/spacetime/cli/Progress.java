package dev.spacetime.cli;

import dev.spacetime.engine.train.TrainingListener;
import java.io.Console;
import java.io.PrintWriter;

/**
 * Training progress on stderr: live bars for a person at a terminal, one line per epoch for logs and pipes. Closing
 * it ends a bar left open by a failed run, so the error line starts on a line of its own.
 */
interface Progress extends TrainingListener, AutoCloseable {

    @Override
    void close();

    static Progress to(PrintWriter err, int epochs) {
        return interactive() ? new ProgressBars(err, epochs) : new EpochLines(err, epochs);
    }

    /**
     * Since JDK 22 {@link System#console()} may return a console that is not a terminal, so the check needs
     * {@link Console#isTerminal()} too; bars redrawn with carriage returns would litter a log file.
     */
    private static boolean interactive() {
        Console console = System.console();
        return console != null && console.isTerminal();
    }
}
