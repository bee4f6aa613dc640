package dev.spacetime.engine.deep;

import dev.spacetime.engine.data.DatasetFetcher;
import dev.spacetime.engine.data.FetchSources;
import dev.spacetime.engine.data.IdxFile;
import dev.spacetime.engine.data.IdxFiles;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * MNIST as bytes: the official 60,000 training and 10,000 test images (pixels 0..255, 784 per image) and labels.
 * The deep stack trains on all 60k training images (no model selection happens, so nothing is held out; the same
 * as the reference Rust program) and is evaluated on the 10k test set. Bytes, not floats: 55 MB instead of 220, which
 * matters for the chunked mode's resident-memory budget. Files come from the engine's verified fetcher.
 */
public record Mnist(byte[] trainX, byte[] trainY, int trainN, byte[] testX, byte[] testY, int testN) {

    public static Mnist load(Path dataDir, Path cacheDir, Consumer<String> log) {
        IdxFiles files = new DatasetFetcher(cacheDir, FetchSources.fromEnvironment(), log).mnist(dataDir);
        byte[] trainX = images(files.path(IdxFile.TRAIN_IMAGES));
        byte[] trainY = labels(files.path(IdxFile.TRAIN_LABELS));
        byte[] testX = images(files.path(IdxFile.TEST_IMAGES));
        byte[] testY = labels(files.path(IdxFile.TEST_LABELS));
        return new Mnist(trainX, trainY, trainY.length, testX, testY, testY.length);
    }

    private static byte[] images(Path p) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(p)))) {
            int magic = in.readInt();
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (magic != 0x803 || rows != 28 || cols != 28 || n < 0 || Files.size(p) != 16L + (long) n * 784) {
                throw new DeepException(p + " is not an MNIST image file (magic " + Integer.toHexString(magic) + ", "
                        + n + "×" + rows + "×" + cols + "); delete it from the cache to fetch it again");
            }
            byte[] x = new byte[n * 784];   // read straight into the one array: no second copy of 47 MB
            in.readFully(x);
            return x;
        } catch (IOException e) {
            throw new DeepException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    private static byte[] labels(Path p) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(p)))) {
            int magic = in.readInt();
            int n = in.readInt();
            if (magic != 0x801 || n < 0 || Files.size(p) != 8L + n) {
                throw new DeepException(p + " is not an MNIST label file; delete it from the cache to fetch it again");
            }
            byte[] y = new byte[n];
            in.readFully(y);
            return y;
        } catch (IOException e) {
            throw new DeepException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }
}
