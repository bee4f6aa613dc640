package dev.spacetime.trainer.service;

import java.util.Map;

/**
 * Input features and classes of each data set the engine knows, so a job's model can be checked against its data
 * ({@code Models.resolve}) without loading 188 MB of MNIST first. {@code DatasetShapesTest} checks the small ones
 * against the loaded data; the engine's own tests pin the image sets' sizes.
 */
final class DatasetShapes {

    record Shape(int features, int classes) {
    }

    static final Map<String, Shape> SHAPES = Map.of(
            "mnist", new Shape(784, 10),
            "mnist-50", new Shape(2500, 10),
            "fashion-mnist", new Shape(784, 10),
            "iris", new Shape(4, 3),
            "xor", new Shape(2, 2));

    private DatasetShapes() {
    }

    static Shape of(String dataset) {
        Shape s = SHAPES.get(dataset);
        if (s == null) {
            throw new IllegalStateException("no shape known for data set " + dataset);
        }
        return s;
    }
}
