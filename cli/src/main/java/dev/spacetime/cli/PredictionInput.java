package dev.spacetime.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Rows of raw feature values to predict, with their labels when the input carries them.
 *
 * @param rows   raw values, {@code inputSize} per row (the model file's normalisation is applied later)
 * @param labels one class per row, or null when the input has no labels
 */
record PredictionInput(float[][] rows, int[] labels) {

    boolean hasLabels() {
        return labels != null;
    }

    /**
     * Reads an IDX images file (recognised by its magic number, whatever its name) or else a CSV file.
     *
     * @param labels an IDX labels file for IDX input, or null
     * @param limit  the most rows to read
     */
    static PredictionInput read(Path input, Path labels, int inputSize, int classes, int limit) {
        if (!Files.isRegularFile(input)) {
            throw new UserError("--input " + input + (Files.exists(input) ? " is not a regular file" : " does not exist")
                    + ": give a CSV file or an IDX images file");
        }
        try {
            if (IdxInput.isIdx(firstBytes(input))) {
                return IdxInput.read(input, labels, inputSize, classes, limit);
            }
            if (labels != null) {
                throw new UserError("--labels only goes with IDX image input; in a CSV file put the label in an "
                        + "extra last column");
            }
            return CsvInput.read(input, inputSize, classes, limit);
        } catch (NoSuchFileException e) {
            throw new UserError(e.getFile() + " does not exist", e);
        } catch (IOException e) {
            throw new UserError("cannot read " + input + ": " + e, e);
        }
    }

    private static byte[] firstBytes(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(IdxInput.MAGIC_BYTES);
        }
    }
}
