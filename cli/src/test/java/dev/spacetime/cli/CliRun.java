package dev.spacetime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import picocli.CommandLine;

/** Runs the {@code spacetime} command in-process with its stdout and stderr captured. */
record CliRun(int exitCode, String out, String err) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = SpacetimeCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    List<String> outLines() {
        return out.lines().toList();
    }

    List<String> errLines() {
        return err.lines().toList();
    }

    /** The last line of stdout, parsed: the {@code --json} contract. */
    JsonNode json() {
        List<String> lines = outLines();
        if (lines.isEmpty()) {
            throw new AssertionError("no stdout; stderr was:\n" + err);
        }
        try {
            return MAPPER.readTree(lines.getLast());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException("last stdout line is not JSON: " + lines.getLast(), e);
        }
    }

    /** Fails with both streams in the message, which is what one needs to see when a run went wrong. */
    CliRun expectExit(int expected) {
        if (exitCode != expected) {
            throw new AssertionError("exit code " + exitCode + ", expected " + expected + "\nstdout:\n" + out
                    + "\nstderr:\n" + err);
        }
        return this;
    }
}
