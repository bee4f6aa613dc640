package dev.spacetime.cli;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * IDX prediction input (the MNIST format: magic {@code 00 00 08 NDIMS}, big-endian int32 sizes, then u8 elements):
 * an images file {@code n × h × w} and, optionally, a labels file {@code n}. Pixels stay raw 0..255; the model's
 * normalisation is applied by the predictor. The engine's IDX reader is package-private and reads image and label
 * files only as a pair, so this small reader lives here.
 */
final class IdxInput {

    static final int MAGIC_BYTES = 4;
    private static final int IMAGES = 0x00000803;
    private static final int LABELS = 0x00000801;

    private IdxInput() {
    }

    static boolean isIdx(byte[] head) {
        return head.length == MAGIC_BYTES && head[0] == 0 && head[1] == 0 && head[2] == 0x08
                && (head[3] == 1 || head[3] == 3);
    }

    static PredictionInput read(Path images, Path labels, int inputSize, int classes, int limit) throws IOException {
        float[][] rows;
        try (DataInputStream in = open(images, IMAGES, "images")) {
            int n = in.readInt();
            int h = in.readInt();
            int w = in.readInt();
            if ((long) h * w != inputSize) {
                throw new UserError(images + " holds " + h + "×" + w + " images (" + (long) h * w + " values) but the "
                        + "model takes " + inputSize + " inputs");
            }
            rows = new float[Math.min(n, limit)][inputSize];
            byte[] pixels = new byte[inputSize];
            for (float[] row : rows) {
                readFully(in, pixels, images, n, "images");
                for (int j = 0; j < inputSize; j++) {
                    row[j] = pixels[j] & 0xFF;
                }
            }
        }
        return new PredictionInput(rows, labels == null ? null : readLabels(labels, rows.length, images, classes));
    }

    private static int[] readLabels(Path file, int rows, Path images, int classes) throws IOException {
        try (DataInputStream in = open(file, LABELS, "labels")) {
            int n = in.readInt();
            if (n < rows) {
                throw new UserError("--labels " + file + " holds " + n + " labels but " + images + " has " + rows
                        + " images: the two files do not belong together");
            }
            byte[] raw = new byte[rows];
            readFully(in, raw, file, n, "labels");
            int[] y = new int[rows];
            for (int i = 0; i < rows; i++) {
                y[i] = raw[i] & 0xFF;
                if (y[i] >= classes) {
                    throw new UserError("--labels " + file + " has label " + y[i] + " at index " + i
                            + ", but the model tells " + classes + " classes apart");
                }
            }
            return y;
        }
    }

    private static DataInputStream open(Path file, int magic, String what) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)));
        int found = in.readInt();
        if (found != magic) {
            in.close();
            throw new UserError(file + " is not an IDX " + what + " file (magic 0x" + Integer.toHexString(found)
                    + ", expected 0x" + Integer.toHexString(magic) + ")"
                    + (found == LABELS ? ": pass the images file as --input and this one as --labels" : ""));
        }
        return in;
    }

    private static void readFully(DataInputStream in, byte[] buf, Path file, int declared, String what) throws IOException {
        try {
            in.readFully(buf);
        } catch (EOFException e) {
            throw new UserError(file + " is truncated: its header declares " + declared + " " + what
                    + " but the file ends early", e);
        }
    }
}
