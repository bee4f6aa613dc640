package dev.spacetime.engine.data;

import java.util.Arrays;
import java.util.Locale;

/**
 * Per-feature affine input normalisation {@code x' = (x - offset[j]) * scale[j]}. A plain record of arrays and a
 * {@code kind} tag because it is written into model files: a model must be fed inputs exactly as it was trained.
 *
 * <p>Kinds: {@value #PIXEL} ({@code x/max}, same for every feature), {@value #Z_SCORE} (mean and 1/std of the
 * training split), {@value #IDENTITY}.
 */
public record Normalization(String kind, float[] offset, float[] scale) {

    public static final String PIXEL = "pixel";
    public static final String Z_SCORE = "z-score";
    public static final String IDENTITY = "identity";

    public Normalization {
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("normalization kind must not be blank");
        }
        if (offset == null || scale == null || offset.length != scale.length || offset.length == 0) {
            throw new IllegalArgumentException("normalization " + kind + ": offset and scale need the same non-zero length, got "
                    + (offset == null ? "null" : offset.length) + " and " + (scale == null ? "null" : scale.length));
        }
        for (int j = 0; j < offset.length; j++) {
            if (!Float.isFinite(offset[j]) || !Float.isFinite(scale[j]) || scale[j] == 0f) {
                throw new IllegalArgumentException("normalization " + kind + ": feature " + j + " has offset="
                        + offset[j] + ", scale=" + scale[j] + " (need finite values and a non-zero scale)");
            }
        }
    }

    /** {@code x / max} for every feature (MNIST: {@code pixelScale(784, 255)}). */
    public static Normalization pixelScale(int features, float max) {
        if (features <= 0 || !(max > 0f) || !Float.isFinite(max)) {
            throw new IllegalArgumentException("pixelScale needs features > 0 and a finite max > 0, got features="
                    + features + ", max=" + max);
        }
        float[] scale = new float[features];
        Arrays.fill(scale, 1f / max);
        return new Normalization(PIXEL, new float[features], scale);
    }

    /** Leaves inputs unchanged (XOR). */
    public static Normalization identity(int features) {
        float[] scale = new float[features];
        Arrays.fill(scale, 1f);
        return new Normalization(IDENTITY, new float[features], scale);
    }

    /**
     * Mean and 1/std of each feature over {@code train} only, so that no statistic leaks from validation or test data.
     * The std is the population one (divide by n, as scikit-learn's StandardScaler); a constant feature (std 0) gets
     * scale 1, which maps it to 0 instead of dividing by zero. Sums are in double so that 60k rows lose no precision.
     */
    public static Normalization zScore(Dataset train) {
        if (train.n() == 0) {
            throw new IllegalArgumentException("zScore needs a non-empty training set, " + train.name() + " has no rows");
        }
        int f = train.features();
        double[] sum = new double[f];
        double[] sumSq = new double[f];
        float[] x = train.x();
        for (int i = 0; i < train.n(); i++) {
            int base = i * f;
            for (int j = 0; j < f; j++) {
                sum[j] += x[base + j];
            }
        }
        double[] mean = new double[f];
        for (int j = 0; j < f; j++) {
            mean[j] = sum[j] / train.n();
        }
        // Second pass on centred values: the one-pass E[x²]-E[x]² formula cancels badly when mean >> std.
        for (int i = 0; i < train.n(); i++) {
            int base = i * f;
            for (int j = 0; j < f; j++) {
                double d = x[base + j] - mean[j];
                sumSq[j] += d * d;
            }
        }
        float[] offset = new float[f];
        float[] scale = new float[f];
        for (int j = 0; j < f; j++) {
            double std = Math.sqrt(sumSq[j] / train.n());
            offset[j] = (float) mean[j];
            scale[j] = std == 0 ? 1f : (float) (1.0 / std);
        }
        return new Normalization(Z_SCORE, offset, scale);
    }

    public int features() {
        return offset.length;
    }

    /** A normalised copy of {@code data} (same name, labels shared). */
    public Dataset apply(Dataset data) {
        if (data.features() != features()) {
            throw new IllegalArgumentException("normalization for " + features() + " features applied to "
                    + data.name() + " with " + data.features());
        }
        float[] out = new float[data.x().length];
        for (int i = 0; i < data.n(); i++) {
            apply(data.x(), i * features(), out, i * features());
        }
        return new Dataset(data.name(), out, data.y(), data.n(), data.features(), data.classes(), data.height(),
                data.width());
    }

    /** Normalises one row of {@code features()} values from {@code row[off..]} into {@code dst[dstOff..]}. */
    public void apply(float[] row, int off, float[] dst, int dstOff) {
        for (int j = 0; j < offset.length; j++) {
            dst[dstOff + j] = (row[off + j] - offset[j]) * scale[j];
        }
    }

    /** Short text for logs and reports, e.g. {@code x/255} or {@code z-score (train stats)}. */
    public String describe() {
        return switch (kind) {
            case PIXEL -> "x/" + number(1.0 / scale[0]);
            case Z_SCORE -> "z-score (train stats)";
            case IDENTITY -> "none";
            default -> kind;
        };
    }

    private static String number(double v) {
        // 1/(1/255f) is 255.00000x in double: print the integer the user typed.
        double r = Math.rint(v);
        return Math.abs(v - r) <= 1e-4 * Math.max(1, Math.abs(v)) ? Long.toString((long) r)
                : String.format(Locale.ROOT, "%.6g", v);
    }

    @Override
    public String toString() {
        return "Normalization[" + describe() + ", " + features() + " features]";
    }
}
