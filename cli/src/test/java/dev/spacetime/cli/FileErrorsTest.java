package dev.spacetime.cli;

import static dev.spacetime.cli.BadInputTest.assertOneLineError;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.engine.data.Normalization;
import dev.spacetime.engine.io.ModelFile;
import dev.spacetime.engine.model.Model;
import dev.spacetime.engine.model.MlpSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that cannot be used — output paths, data sets, model files, prediction inputs — each reported as one line
 * with exit code 2, naming the file (and for CSV the line and column).
 */
class FileErrorsTest {

    @TempDir
    static Path dir;
    static Path iris;

    @BeforeAll
    static void trainIris() {
        iris = dir.resolve("iris.stm");
        CliRun.of("train", "--model", "iris", "--dataset", "iris", "--epochs", "2", "--latency-calls", "0",
                "--out", iris.toString()).expectExit(ExitCodes.OK);
    }

    @Test
    void outIsADirectory() {
        CliRun run = CliRun.of("train", "--model", "xor", "--dataset", "xor", "--out", dir.toString());
        assertOneLineError(run.expectExit(ExitCodes.BAD_INPUT), "--out " + dir + " is a directory");
    }

    @Test
    void outIsCheckedBeforeTraining() throws IOException {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        // The answer must come before training starts: assertOneLineError also requires an empty stdout, where a
        // started run would have printed its epochs.
        CliRun run = CliRun.of("train", "--model", "xor", "--dataset", "xor", "--epochs", "1000000",
                "--out", file.resolve("model.stm").toString());
        assertOneLineError(run.expectExit(ExitCodes.BAD_INPUT), "cannot be created: " + file + " is not a directory");
    }

    @Test
    void outWhereNoFileCanBeCreated() {
        // /proc accepts no new files, not even from root (permission bits would not stop root).
        CliRun run = CliRun.of("train", "--model", "xor", "--dataset", "xor", "--out", "/proc/spacetime-test/model.stm");
        assertOneLineError(run.expectExit(ExitCodes.BAD_INPUT), "is not writable");
    }

    @Test
    void missingDataNamesWhatWasTriedAndTheFix() throws IOException {
        Path emptyCache = Files.createDirectories(dir.resolve("empty-cache"));
        CliRun run = withoutNpm(() -> CliRun.of("train", "--model", "standard-small", "--dataset", "mnist",
                "--cache-dir", emptyCache.toString()));
        run.expectExit(ExitCodes.BAD_INPUT);
        String error = lastErrLine(run);
        assertTrue(error.startsWith("spacetime: mnist: could not obtain"), error);
        assertTrue(error.contains("fix: install Node.js"), error);
        assertFalse(run.err().contains("\tat "), run.err());
    }

    @Test
    void corruptDataInDataDir() throws IOException {
        Path data = Files.createDirectories(dir.resolve("corrupt-data"));
        for (String name : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
            Files.write(data.resolve(name), new byte[] {0, 0, 8, 3, 0, 0, 0, 1});
        }
        Path emptyCache = Files.createDirectories(dir.resolve("empty-cache-2"));
        CliRun run = withoutNpm(() -> CliRun.of("train", "--model", "standard-small", "--dataset", "mnist",
                "--data-dir", data.toString(), "--cache-dir", emptyCache.toString()));
        run.expectExit(ExitCodes.BAD_INPUT);
        String error = lastErrLine(run);
        assertTrue(error.contains("--data-dir " + data) && error.contains("t10k-images-idx3-ubyte"), error);
    }

    @Test
    void missingModelFile() {
        CliRun run = CliRun.of("eval", "--model-file", dir.resolve("nope.stm").toString());
        assertOneLineError(run.expectExit(ExitCodes.BAD_INPUT), "nope.stm does not exist: train one with");
    }

    @Test
    void modelFileThatIsNotOne() throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.stm"), "hello, I am not a model\n");
        CliRun run = CliRun.of("eval", "--model-file", junk.toString());
        assertOneLineError(run.expectExit(ExitCodes.BAD_INPUT), "is not a Spacetime model file");
    }

    @Test
    void truncatedModelFile() throws IOException {
        byte[] bytes = Files.readAllBytes(iris);
        Path cut = Files.write(dir.resolve("cut.stm"), Arrays.copyOf(bytes, bytes.length - 10));
        CliRun run = CliRun.of("predict", "--model-file", cut.toString(), "--input", "unused.csv");
        assertOneLineError(run.expectExit(ExitCodes.BAD_INPUT), "has the wrong size");
    }

    @Test
    void modelFileWithAFlippedBit() throws IOException {
        byte[] bytes = Files.readAllBytes(iris);
        bytes[bytes.length / 2] ^= 0x10;
        Path flipped = Files.write(dir.resolve("flipped.stm"), bytes);
        CliRun run = CliRun.of("eval", "--model-file", flipped.toString());
        assertOneLineError(run.expectExit(ExitCodes.BAD_INPUT), "fails its checksum");
    }

    @Test
    void modelFileIsADirectory() {
        CliRun run = CliRun.of("eval", "--model-file", dir.toString());
        assertOneLineError(run.expectExit(ExitCodes.BAD_INPUT), "--model-file " + dir + " is a directory");
    }

    @Test
    void modelFileWithoutDatasetNeedsDatasetOption() throws IOException {
        Model m = MlpSpec.iris().build();
        m.initialize(1);
        Path bare = dir.resolve("bare.stm");
        ModelFile.save(bare, m, Normalization.identity(4), Map.of());
        CliRun run = CliRun.of("eval", "--model-file", bare.toString());
        assertOneLineError(run.expectExit(ExitCodes.BAD_INPUT), "does not record its data set: pass --dataset NAME");
    }

    @Test
    void evalOnADatasetOfTheWrongShape() {
        CliRun run = CliRun.of("eval", "--model-file", iris.toString(), "--dataset", "xor");
        assertOneLineError(run.expectExit(ExitCodes.BAD_INPUT), "model iris takes 4 inputs but data set xor has 2");
    }

    @Test
    void csvWithTheWrongNumberOfColumns() throws IOException {
        Path csv = Files.writeString(dir.resolve("columns.csv"), "5.1,3.5,1.4,0.2\n6.7,3.0,5.2\n");
        CliRun run = CliRun.of("predict", "--model-file", iris.toString(), "--input", csv.toString());
        assertOneLineError(run.expectExit(ExitCodes.BAD_INPUT), csv + " line 2: 3 values, but the first row has 4");
    }

    @Test
    void csvWhoseFirstRowHasTooManyColumns() throws IOException {
        Path csv = Files.writeString(dir.resolve("wide.csv"), "1,2,3,4,5,6\n");
        CliRun run = CliRun.of("predict", "--model-file", iris.toString(), "--input", csv.toString());
        assertOneLineError(run.expectExit(ExitCodes.BAD_INPUT),
                "line 1: 6 values, but the model takes 4 inputs (5 with a trailing label)");
    }

    @Test
    void csvWithANonNumber() throws IOException {
        Path csv = Files.writeString(dir.resolve("nan.csv"), "a,b,c,d\n5.1,3.5,1.4,0.2\n6.7,three,5.2,2.3\n");
        CliRun run = CliRun.of("predict", "--model-file", iris.toString(), "--input", csv.toString());
        assertOneLineError(run.expectExit(ExitCodes.BAD_INPUT), csv + " line 3, column 2: 'three' is not a number");
    }

    @Test
    void csvWithALabelOutsideTheClasses() throws IOException {
        Path csv = Files.writeString(dir.resolve("label.csv"), "5.1,3.5,1.4,0.2,7\n");
        CliRun run = CliRun.of("predict", "--model-file", iris.toString(), "--input", csv.toString());
        assertOneLineError(run.expectExit(ExitCodes.BAD_INPUT), "line 1, column 5: label '7' is not a class of this model (0..2)");
    }

    @Test
    void missingInput() {
        CliRun run = CliRun.of("predict", "--model-file", iris.toString(), "--input", dir.resolve("none.csv").toString());
        assertOneLineError(run.expectExit(ExitCodes.BAD_INPUT), "none.csv does not exist");
    }

    @Test
    void idxLabelsGivenAsInput() throws IOException {
        Path labels = Files.write(dir.resolve("labels-idx1-ubyte"), idx(0x801, new int[] {1}, new byte[] {1}));
        CliRun run = CliRun.of("predict", "--model-file", iris.toString(), "--input", labels.toString());
        assertOneLineError(run.expectExit(ExitCodes.BAD_INPUT), "pass the images file as --input and this one as --labels");
    }

    @Test
    void idxImagesOfTheWrongSize() throws IOException {
        Path images = Files.write(dir.resolve("images-idx3-ubyte"), idx(0x803, new int[] {1, 3, 3}, new byte[9]));
        CliRun run = CliRun.of("predict", "--model-file", iris.toString(), "--input", images.toString());
        assertOneLineError(run.expectExit(ExitCodes.BAD_INPUT), "holds 3×3 images (9 values) but the model takes 4 inputs");
    }

    @Test
    void truncatedIdxImages() throws IOException {
        Path images = Files.write(dir.resolve("short-idx3-ubyte"), idx(0x803, new int[] {3, 2, 2}, new byte[9]));
        CliRun run = CliRun.of("predict", "--model-file", iris.toString(), "--input", images.toString());
        assertOneLineError(run.expectExit(ExitCodes.BAD_INPUT), "is truncated: its header declares 3 images");
    }

    @Test
    void labelsWithCsvInput() throws IOException {
        Path csv = Files.writeString(dir.resolve("ok.csv"), "5.1,3.5,1.4,0.2\n");
        CliRun run = CliRun.of("predict", "--model-file", iris.toString(), "--input", csv.toString(),
                "--labels", csv.toString());
        assertOneLineError(run.expectExit(ExitCodes.BAD_INPUT), "--labels only goes with IDX image input");
    }

    static byte[] idx(int magic, int[] dims, byte[] data) {
        ByteBuffer buf = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        buf.putInt(magic);
        for (int d : dims) {
            buf.putInt(d);
        }
        return buf.put(data).array();
    }

    /** The data fetcher's last resort is {@code npm pack}; pointing it at a missing program keeps the test offline. */
    private static CliRun withoutNpm(java.util.function.Supplier<CliRun> body) {
        String before = System.getProperty("spacetime.npm");
        System.setProperty("spacetime.npm", dir.resolve("no-npm-here").toString());
        try {
            return body.get();
        } finally {
            if (before == null) {
                System.clearProperty("spacetime.npm");
            } else {
                System.setProperty("spacetime.npm", before);
            }
        }
    }

    /** Data errors follow the fetcher's progress lines; the error itself is the last line. */
    private static String lastErrLine(CliRun run) {
        assertTrue(run.out().isEmpty(), run.out());
        return run.errLines().getLast();
    }
}
