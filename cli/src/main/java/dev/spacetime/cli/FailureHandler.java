package dev.spacetime.cli;

import dev.spacetime.engine.data.DataException;
import dev.spacetime.engine.io.ModelFileException;
import dev.spacetime.engine.train.TrainingDivergedException;
import dev.spacetime.stack.StackException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Maps what a command throws to one line on stderr and an exit code. The engine validates its inputs with
 * {@link IllegalArgumentException}s whose messages name the bad value, so those are the user's to fix (exit 2) just
 * like missing data or a damaged model file. A stack trace only helps a developer, so it is printed for unexpected
 * exceptions and only when {@code SPACETIME_DEBUG=1}.
 */
final class FailureHandler implements IExecutionExceptionHandler {

    static final String DEBUG_ENV = "SPACETIME_DEBUG";

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        int code;
        if (ex instanceof UserError || ex instanceof IllegalArgumentException || ex instanceof DataException
                || ex instanceof ModelFileException) {
            err.println("spacetime: " + OneLine.of(ex.getMessage()));
            code = ExitCodes.BAD_INPUT;
        } else if (ex instanceof StackException) {
            // The first line says what failed and where its log is; the log's last lines (if quoted) come before
            // it as context, so that the error itself is still the last, single line.
            String[] lines = ex.getMessage().strip().split("\\R");
            for (int i = 1; i < lines.length; i++) {
                err.println(lines[i]);
            }
            err.println("spacetime: " + lines[0].strip());
            code = ExitCodes.FAILED;
        } else if (ex instanceof TrainingDivergedException) {
            err.println("spacetime: " + OneLine.of(ex.getMessage()));
            code = ExitCodes.FAILED;
        } else if (ex.getCause() instanceof OutOfMemoryError) {
            err.println("spacetime: out of memory (" + ex.getCause().getMessage() + "): give the JVM more heap, "
                    + "e.g. SPACETIME_JAVA_OPTS=-Xmx8g, or lower --batch");
            code = ExitCodes.FAILED;
        } else {
            err.println("spacetime: internal error: " + OneLine.of(ex.toString()));
            if ("1".equals(System.getenv(DEBUG_ENV))) {
                ex.printStackTrace(err);
            }
            code = ExitCodes.FAILED;
        }
        err.flush();
        return code;
    }
}
