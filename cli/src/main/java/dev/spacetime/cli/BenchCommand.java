package dev.spacetime.cli;

import picocli.CommandLine.Command;

/** {@code spacetime bench ...}: benchmarks (placeholder until the bench module's commands land). */
@Command(name = "bench", description = "Benchmarks.")
public final class BenchCommand {
}
