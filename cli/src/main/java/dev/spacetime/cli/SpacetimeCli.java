package dev.spacetime.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code spacetime} command. */
@Command(name = "spacetime", mixinStandardHelpOptions = true, version = "spacetime 0.1.0",
        description = "Space-for-time neural-network experiments on CPUs.",
        subcommands = {BenchCommand.class})
public final class SpacetimeCli {

    public static void main(String[] args) {
        System.exit(new CommandLine(new SpacetimeCli()).execute(args));
    }
}
