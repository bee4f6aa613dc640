package dev.spacetime.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The two files of a deep model: the layer stack and the head file (input projection, output head, run record). */
final class DeepFiles {

    @Option(names = "--weights", required = true, paramLabel = "FILE",
            description = "The weight file (layers W then b, float32 LE, per-chunk CRC32C). Training keeps a second "
                    + "checkpoint slot FILE.shadow next to it while it runs.")
    Path weights;

    @Option(names = "--head", paramLabel = "FILE",
            description = "The head file: input projection, output head and the run's commit record (default FILE.head).")
    Path head;

    Path head() {
        return head != null ? head : weights.resolveSibling(weights.getFileName() + ".head");
    }
}
