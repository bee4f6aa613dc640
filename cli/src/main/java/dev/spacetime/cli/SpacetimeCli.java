package dev.spacetime.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code spacetime} command. Build it with {@link #commandLine()}, not {@code new CommandLine(...)}: the error
 * handlers that turn bad input into one line and exit code 2 live on the {@link CommandLine}, not on the command.
 */
@Command(name = "spacetime", mixinStandardHelpOptions = true, version = "spacetime 0.1.0",
        description = "Space-for-time neural-network experiments on CPUs.",
        subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, ExperimentCommand.class,
                BenchCommand.class, UpCommand.class, DownCommand.class, StatusCommand.class,
                SubmitCommand.class, WatchCommand.class, CancelCommand.class, CompareCommand.class, AotWarmupCommand.class,
                DeepCommand.class})
public final class SpacetimeCli implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        CommandLine cli = commandLine();
        int code = cli.execute(args);
        cli.getOut().flush();
        cli.getErr().flush();
        System.exit(code);
    }

    /** The command with the house error handling: usage errors and bad values exit 2, divergence and bugs exit 1. */
    public static CommandLine commandLine() {
        return new CommandLine(new SpacetimeCli())
                .setParameterExceptionHandler(new UsageErrorHandler())
                .setExecutionExceptionHandler(new FailureHandler());
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a command: train, eval, predict, experiment, bench, deep, up, down, status, submit, watch, cancel or compare");
    }
}
