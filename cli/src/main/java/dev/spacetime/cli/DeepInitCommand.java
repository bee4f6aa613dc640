package dev.spacetime.cli;

import dev.spacetime.engine.deep.DeepInit;
import dev.spacetime.engine.deep.DeepSpec;
import dev.spacetime.engine.deep.WeightFileHeader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spacetime deep init}: a fresh weight file and head file. */
@Command(name = "init", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Create a fresh deep model: layer weights U(-0.001, 0.001), zero biases, Xavier head.")
final class DeepInitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DeepFiles files;

    @Mixin
    DeepShapeOptions shape;

    @Option(names = "--chunk-layers", paramLabel = "C", defaultValue = "0",
            description = "Layers per checksummed chunk of the file, also training's default compute chunk (default ≈ sqrt(L)).")
    int chunkLayers;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Initialisation seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print the result as one JSON object on the last line of stdout.")
    boolean json;

    @Override
    public Integer call() {
        DeepSpec s = shape.spec();
        if (chunkLayers < 0) {
            throw new UserError("--chunk-layers " + chunkLayers + " must be ≥ 1 (or 0 for ≈ sqrt(L))");
        }
        DeepListenerLines log = new DeepListenerLines(spec.commandLine().getErr());
        long t0 = System.nanoTime();
        DeepInit.create(files.weights, files.head(), s, chunkLayers, seed, log);
        WeightFileHeader h = dev.spacetime.engine.deep.DeepFileInfo.header(files.weights);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("weights", files.weights.toString());
        m.put("head", files.head().toString());
        m.put("layers", s.layers());
        m.put("width", s.width());
        m.put("activation", s.activation().id());
        m.put("alpha", s.alpha());
        m.put("chunk_layers", h.chunkLayers());
        m.put("file_bytes", h.fileBytes());
        m.put("init_seconds", (System.nanoTime() - t0) / 1e9);
        if (json) {
            spec.commandLine().getOut().println(Json.line(m));
        } else {
            spec.commandLine().getOut().println("initialised " + s.describe() + " in " + files.weights + " ("
                    + dev.spacetime.engine.deep.DeepPlan.bytes(h.fileBytes()) + ", " + Format.count(h.chunkLayers())
                    + " layers per chunk) and " + files.head());
        }
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
