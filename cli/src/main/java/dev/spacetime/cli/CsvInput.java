package dev.spacetime.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV prediction input: one row of raw feature values per line, optionally a header line (skipped when any of its
 * fields is not a number), optionally a trailing label column. The first data row decides whether there are labels;
 * every row must then have the same number of values. Errors name the line and the column.
 */
final class CsvInput {

    private CsvInput() {
    }

    static PredictionInput read(Path file, int inputSize, int classes, int limit) throws IOException {
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int width = -1;
        boolean firstLine = true;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = reader.readLine()) != null && rows.size() < limit) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                boolean header = firstLine && isHeader(fields);
                firstLine = false;
                if (header) {
                    continue;
                }
                if (width < 0) {
                    width = fields.length;
                    if (width != inputSize && width != inputSize + 1) {
                        throw new UserError(file + " line " + lineNo + ": " + width + " values, but the model takes "
                                + inputSize + " inputs (" + (inputSize + 1) + " with a trailing label)");
                    }
                } else if (fields.length != width) {
                    throw new UserError(file + " line " + lineNo + ": " + fields.length + " values, but the first "
                            + "row has " + width + "; every row needs " + inputSize + " inputs"
                            + (width > inputSize ? " and a label" : ""));
                }
                float[] row = new float[inputSize];
                for (int j = 0; j < inputSize; j++) {
                    row[j] = number(fields[j], file, lineNo, j);
                }
                rows.add(row);
                if (width > inputSize) {
                    labels.add(label(fields[inputSize], classes, file, lineNo, inputSize));
                }
            }
        }
        if (rows.isEmpty()) {
            throw new UserError(file + " holds no data rows: give one row of " + inputSize + " values per line");
        }
        int[] y = width > inputSize ? labels.stream().mapToInt(Integer::intValue).toArray() : null;
        return new PredictionInput(rows.toArray(float[][]::new), y);
    }

    private static boolean isHeader(String[] fields) {
        for (String f : fields) {
            if (parse(f) == null) {
                return true;
            }
        }
        return false;
    }

    /** Parsed directly as float: going through double could round a decimal twice and change the last bit. */
    private static Float parse(String field) {
        try {
            return Float.parseFloat(field.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static float number(String field, Path file, int lineNo, int column) {
        Float v = parse(field);
        if (v == null || !Float.isFinite(v)) {
            throw new UserError(file + " line " + lineNo + ", column " + (column + 1) + ": '" + field.strip()
                    + "' is not a " + (v == null ? "number" : "finite number"));
        }
        return v;
    }

    private static int label(String field, int classes, Path file, int lineNo, int column) {
        float v = number(field, file, lineNo, column);
        if (v != Math.rint(v) || v < 0 || v >= classes) {
            throw new UserError(file + " line " + lineNo + ", column " + (column + 1) + ": label '" + field.strip()
                    + "' is not a class of this model (0.." + (classes - 1) + ")");
        }
        return (int) v;
    }
}
