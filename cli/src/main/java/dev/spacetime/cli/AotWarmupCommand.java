package dev.spacetime.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code spacetime aot-warmup} (hidden): the training run the launcher records its JDK 25 AOT cache from. It goes
 * through the same commands a user runs (train with a saved model and JSON, eval, predict) on the two data sets
 * that need no files or network, so the cache holds the classes of a typical run; it takes about a second.
 */
@Command(name = "aot-warmup", hidden = true, description = "Exercise a typical run for the launcher's AOT cache.")
final class AotWarmupCommand implements Callable<Integer> {

    @Override
    public Integer call() throws IOException {
        Path dir = Files.createTempDirectory("spacetime-aot-");
        try {
            String xor = dir.resolve("xor.stm").toString();
            String iris = dir.resolve("iris.stm").toString();
            Path rows = Files.writeString(dir.resolve("xor.csv"), "a,b,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n");
            // XOR's 200 one-step epochs run on one thread: on a busy machine, handing steps of a 9-parameter net to a
            // worker pool only adds waiting. Iris keeps the default thread count, so the pool's classes are recorded.
            run("train", "--model", "xor", "--dataset", "xor", "--epochs", "200", "--lr", "0.5", "--optimizer", "sgd",
                    "--schedule", "constant", "--latency-calls", "0", "--threads", "1", "--out", xor, "--json");
            run("train", "--model", "iris", "--dataset", "iris", "--epochs", "5", "--latency-calls", "0",
                    "--out", iris, "--json");
            run("eval", "--model-file", iris, "--json");
            run("predict", "--model-file", xor, "--input", rows.toString(), "--json");
            return ExitCodes.OK;
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Runs one command with its output discarded; a failure would record a cache of the wrong run, so it stops here. */
    private static void run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = SpacetimeCli.commandLine();
        cli.setOut(new PrintWriter(Writer.nullWriter()));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        if (code != ExitCodes.OK) {
            throw new IllegalStateException("aot-warmup: `spacetime " + String.join(" ", args) + "` exited " + code
                    + ": " + err);
        }
    }
}
