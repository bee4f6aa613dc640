package dev.spacetime.cli;

import dev.spacetime.engine.deep.DeepSpec;
import dev.spacetime.engine.kernel.Activation;
import picocli.CommandLine.Option;

/** The shape of a new stack (deep init, and deep train / ablate when they create the model). */
final class DeepShapeOptions {

    @Option(names = "--layers", paramLabel = "L", description = "Residual layers (e.g. 10000000).")
    Long layers;

    @Option(names = "--width", paramLabel = "W", defaultValue = "4", description = "Width 2-64 (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--activation", paramLabel = "NAME", defaultValue = "softsign",
            description = "softsign, tanh or relu (default ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--alpha", paramLabel = "A", description = "Residual scale (default 1/sqrt(L)).")
    Float alpha;

    DeepSpec spec(long l) {
        Activation act;
        try {
            act = Activation.parse(activation);
        } catch (IllegalArgumentException e) {
            throw new UserError("--activation " + activation + " is not one the deep stack takes: use softsign, tanh or relu");
        }
        return new DeepSpec(l, width, act, alpha == null ? DeepSpec.defaultAlpha(l) : alpha);
    }

    DeepSpec spec() {
        if (layers == null) {
            throw new UserError("give --layers L (the depth of the new stack)");
        }
        return spec(layers);
    }
}
