package dev.spacetime.engine.data;

/** The four files of an MNIST-shaped data set, under the names every mirror and package uses. */
public enum IdxFile {
    TRAIN_IMAGES("train-images-idx3-ubyte"),
    TRAIN_LABELS("train-labels-idx1-ubyte"),
    TEST_IMAGES("t10k-images-idx3-ubyte"),
    TEST_LABELS("t10k-labels-idx1-ubyte");

    private final String fileName;

    IdxFile(String fileName) {
        this.fileName = fileName;
    }

    /** The uncompressed file name; mirrors add {@code .gz}. */
    public String fileName() {
        return fileName;
    }

    public boolean isImages() {
        return this == TRAIN_IMAGES || this == TEST_IMAGES;
    }

    public boolean isTrain() {
        return this == TRAIN_IMAGES || this == TRAIN_LABELS;
    }
}
