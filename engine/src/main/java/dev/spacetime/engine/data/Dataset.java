package dev.spacetime.engine.data;

import java.util.Arrays;

/**
 * A labelled data set held in memory: {@code x} is row-major {@code n × features} of RAW values (MNIST pixels 0..255
 * as floats, Iris in cm), {@code y} the class of each row. Normalisation is a separate step ({@link Normalization}) so
 * that its statistics can come from the training split only and be stored with a model.
 *
 * <p>The arrays are not copied (MNIST is 188 MB of floats): treat them as read-only. {@code height}/{@code width} are
 * the image shape of a row ({@code height × width == features}), or 0 for tabular data.
 */
public record Dataset(String name, float[] x, int[] y, int n, int features, int classes, int height, int width) {

    public Dataset {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("dataset name must not be blank");
        }
        if (x == null || y == null) {
            throw new IllegalArgumentException(name + ": x and y must not be null");
        }
        if (n < 0 || features <= 0 || classes <= 0) {
            throw new IllegalArgumentException(name + ": need n >= 0, features > 0, classes > 0 but got n=" + n
                    + ", features=" + features + ", classes=" + classes);
        }
        if ((long) n * features != x.length) {
            throw new IllegalArgumentException(name + ": x.length=" + x.length + " but n*features=" + n + "*"
                    + features + "=" + (long) n * features);
        }
        if (y.length != n) {
            throw new IllegalArgumentException(name + ": y.length=" + y.length + " but n=" + n);
        }
        if (height < 0 || width < 0 || (height > 0) != (width > 0)) {
            throw new IllegalArgumentException(name + ": height=" + height + ", width=" + width
                    + " (both 0 for tabular data, both > 0 for images)");
        }
        if (height > 0 && height * width != features) {
            throw new IllegalArgumentException(name + ": height*width=" + height + "*" + width + "="
                    + height * width + " but features=" + features);
        }
        for (int i = 0; i < n; i++) {
            if (y[i] < 0 || y[i] >= classes) {
                throw new IllegalArgumentException(name + ": label y[" + i + "]=" + y[i] + " is outside [0," + classes + ")");
            }
        }
    }

    /** The same rows under another name (shares the arrays). */
    public Dataset renamed(String newName) {
        return new Dataset(newName, x, y, n, features, classes, height, width);
    }

    /** A copy of rows {@code [from, to)}. */
    public Dataset slice(int from, int to) {
        if (from < 0 || to > n || from > to) {
            throw new IndexOutOfBoundsException(name + ": slice [" + from + ", " + to + ") of " + n + " rows");
        }
        return new Dataset(name, Arrays.copyOfRange(x, from * features, to * features),
                Arrays.copyOfRange(y, from, to), to - from, features, classes, height, width);
    }

    /** A copy of the given rows, in the given order (repeats allowed). */
    public Dataset select(int[] indices) {
        float[] nx = new float[indices.length * features];
        int[] ny = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= n) {
                throw new IndexOutOfBoundsException(name + ": index " + i + " at position " + k + " is outside [0," + n + ")");
            }
            System.arraycopy(x, i * features, nx, k * features, features);
            ny[k] = y[i];
        }
        return new Dataset(name, nx, ny, indices.length, features, classes, height, width);
    }

    /** Copies the {@code features} values of row {@code i} into {@code dst[off ..]}. */
    public void row(int i, float[] dst, int off) {
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException(name + ": row " + i + " of " + n);
        }
        System.arraycopy(x, i * features, dst, off, features);
    }

    /** True for image data ({@code height > 0}). */
    public boolean isImage() {
        return height > 0;
    }

    @Override
    public String toString() {
        return name + " [" + n + " × " + (isImage() ? height + "×" + width : String.valueOf(features)) + ", "
                + classes + " classes]";
    }
}
