package dev.spacetime.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Command-line mistakes (unknown option, missing or malformed value) as one line instead of picocli's full usage
 * text, which would bury the one thing that is wrong; the line points at the command's help instead.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("spacetime: " + OneLine.of(ex.getMessage()) + suggestion(ex)
                + " (see " + cmd.getCommandSpec().qualifiedName() + " --help)");
        err.flush();
        return ExitCodes.BAD_INPUT;
    }

    private static String suggestion(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            return "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
        }
        return "";
    }
}
