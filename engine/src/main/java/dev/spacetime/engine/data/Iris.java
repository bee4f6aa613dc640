package dev.spacetime.engine.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fisher's Iris data (150 rows, 4 features in cm, 3 classes of 50), shipped as the resource {@code iris.csv}. The
 * values are UCI's with its two documented errata fixed as scikit-learn's copy has them: row 35 petal width 0.2
 * (UCI: 0.1) and row 38 sepal width 3.6, petal length 1.4 (UCI: 3.1, 1.5).
 */
public final class Iris {

    public static final List<String> CLASSES = List.of("setosa", "versicolor", "virginica");
    public static final int ROWS = 150;
    public static final int FEATURES = 4;
    private static final String RESOURCE = "iris.csv";

    private Iris() {
    }

    /** All 150 rows in file order (50 setosa, 50 versicolor, 50 virginica), raw values. */
    public static Dataset load() {
        try (InputStream in = Iris.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new DataException("resource " + RESOURCE + " is missing from the engine jar next to "
                        + Iris.class.getName() + ": rebuild the engine module");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new DataException("cannot read resource " + RESOURCE + ": " + e, e);
        }
    }

    private static Dataset parse(BufferedReader r) throws IOException {
        float[] x = new float[ROWS * FEATURES];
        int[] y = new int[ROWS];
        int n = 0;
        int lineNo = 0;
        for (String line; (line = r.readLine()) != null; ) {
            lineNo++;
            if (lineNo == 1 || line.isBlank()) {
                continue; // header
            }
            String[] cells = line.split(",");
            if (cells.length != FEATURES + 1 || n == ROWS) {
                throw new DataException(RESOURCE + " line " + lineNo + " is malformed or extra: '" + line + "'");
            }
            for (int j = 0; j < FEATURES; j++) {
                x[n * FEATURES + j] = Float.parseFloat(cells[j]);
            }
            y[n] = CLASSES.indexOf(cells[FEATURES].trim());
            if (y[n] < 0) {
                throw new DataException(RESOURCE + " line " + lineNo + " has unknown class '" + cells[FEATURES] + "'");
            }
            n++;
        }
        if (n != ROWS) {
            throw new DataException(RESOURCE + " has " + n + " rows, expected " + ROWS);
        }
        return new Dataset("iris", x, y, n, FEATURES, CLASSES.size(), 0, 0);
    }
}
