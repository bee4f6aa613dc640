package dev.spacetime.engine.data;

import java.nio.file.Path;

/**
 * Reads an MNIST-style pair of IDX files (images {@code n × h × w} u8, labels {@code n} u8) into a {@link Dataset} of
 * raw pixel values 0..255. Each file is read with one bulk {@code FileChannel} transfer and converted in a single
 * loop, which loads the 60k MNIST training set in about a tenth of a second.
 */
public final class IdxReader {

    /** MNIST and Fashion-MNIST both have ten classes. */
    public static final int CLASSES = 10;

    private IdxReader() {
    }

    /**
     * @throws DataException when a file is missing, has the wrong magic or element type, is truncated, or the two
     *     files disagree on the count; the message names the file and the fix
     */
    public static Dataset readImagesAndLabels(Path images, Path labels, String name) {
        IdxHeader ih = IdxHeader.read(images, 3, "images");
        IdxHeader lh = IdxHeader.read(labels, 1, "labels");
        int n = ih.dims()[0];
        if (lh.dims()[0] != n) {
            throw new DataException("IDX images file " + images + " holds " + n + " images but labels file " + labels
                    + " holds " + lh.dims()[0] + " labels: the two files do not belong together. " + IdxHeader.HINT);
        }
        int h = ih.dims()[1];
        int w = ih.dims()[2];
        if (h == 0 || w == 0) {
            throw new DataException("IDX images file " + images + " has empty images (" + h + "×" + w + "). "
                    + IdxHeader.HINT);
        }
        byte[] pixels = ih.readData();
        float[] x = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            x[i] = pixels[i] & 0xFF;
        }
        byte[] raw = lh.readData();
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = raw[i] & 0xFF;
            if (y[i] >= CLASSES) {
                throw new DataException("IDX labels file " + labels + " has label " + y[i] + " at index " + i
                        + ", outside 0.." + (CLASSES - 1) + ". " + IdxHeader.HINT);
            }
        }
        return new Dataset(name, x, y, n, h * w, CLASSES, h, w);
    }
}
