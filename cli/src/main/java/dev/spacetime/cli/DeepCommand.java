package dev.spacetime.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code spacetime deep}: the chunked-disk engine for residual stacks of up to 10⁸ layers. */
@Command(name = "deep", mixinStandardHelpOptions = true,
        description = "Exact SGD through residual stacks h <- h + a*act(h*W + b) of 10-100 million layers, "
                + "streamed from a weight file in chunks (or held in RAM with --in-memory).",
        subcommands = {DeepInitCommand.class, DeepTrainCommand.class, DeepEvalCommand.class, DeepAblateCommand.class})
final class DeepCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a deep command: init, train, eval or ablate");
    }
}
