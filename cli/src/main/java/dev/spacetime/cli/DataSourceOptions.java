package dev.spacetime.cli;

import dev.spacetime.engine.data.DataOptions;
import dev.spacetime.engine.data.DataSplit;
import dev.spacetime.engine.data.Datasets;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where data sets come from: shared by the commands that load one. */
final class DataSourceOptions {

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Folder with the four IDX files (plain or .gz), used before the cache and the download.")
    Path dataDir;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Cache root; data sets go to DIR/datasets/NAME (default: $SPACETIME_CACHE or ~/.cache/spacetime).")
    Path cacheDir;

    /** Loads the raw split; progress (fetching, reading) goes to {@code log}, one line per step. */
    DataSplit load(String dataset, long splitSeed, int trainLimit, PrintWriter log) {
        // The engine would only log a missing --data-dir and move on to the cache; a path the user typed deserves an error.
        if (dataDir != null && !Files.isDirectory(dataDir)) {
            throw new UserError("--data-dir " + dataDir + " is not a directory: give the folder holding the IDX files, "
                    + "or leave --data-dir out to use the cache");
        }
        DataOptions options = new DataOptions(dataDir, cacheDir == null ? DataOptions.defaultCacheDir() : cacheDir,
                splitSeed, trainLimit);
        return Datasets.load(dataset, options, line -> {
            log.println(line);
            log.flush();
        });
    }
}
