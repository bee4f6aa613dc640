package dev.spacetime.engine.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * What the files of an MNIST-shaped data set must be before they are used or cached. With fixed SHA-256 sums (MNIST)
 * a file is checked against its sum; without (Fashion-MNIST, whose Debian package is the only source) against the IDX
 * structure: magic, {@code count × height × width} u8, exact size.
 *
 * @param name also the cache folder, {@code <cache>/datasets/<name>}
 * @param sha256 lower-case hex per file, or empty for a structural check only
 */
public record IdxSpec(String name, Map<IdxFile, String> sha256, int trainCount, int testCount, int height, int width) {

    public static final IdxSpec MNIST = new IdxSpec("mnist", Map.of(
            IdxFile.TRAIN_IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            IdxFile.TRAIN_LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            IdxFile.TEST_IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            IdxFile.TEST_LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
            60_000, 10_000, 28, 28);

    public static final IdxSpec FASHION_MNIST = new IdxSpec("fashion-mnist", Map.of(), 60_000, 10_000, 28, 28);

    public IdxSpec {
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("spec name must be a lower-case folder name, got " + name);
        }
        if (trainCount <= 0 || testCount <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException(name + ": counts and image size must be positive, got train="
                    + trainCount + ", test=" + testCount + ", " + height + "×" + width);
        }
        sha256 = sha256 == null ? Map.of() : Map.copyOf(sha256);
        for (var e : sha256.entrySet()) {
            if (!e.getValue().matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException(name + ": SHA-256 of " + e.getKey().fileName()
                        + " must be 64 lower-case hex digits, got " + e.getValue());
            }
        }
    }

    public int count(IdxFile f) {
        return f.isTrain() ? trainCount : testCount;
    }

    /** Null when {@code file} is a valid copy of {@code f}, else what is wrong with it (for a log line). */
    public String problem(IdxFile f, Path file) {
        String expected = sha256.get(f);
        if (expected != null) {
            try {
                String actual = Sha256.of(file);
                return actual.equals(expected) ? null : "SHA-256 " + actual + ", expected " + expected;
            } catch (IOException e) {
                return "cannot read it: " + e;
            }
        }
        try {
            IdxHeader h = IdxHeader.read(file, f.isImages() ? 3 : 1, f.isImages() ? "images" : "labels");
            int[] want = f.isImages() ? new int[] {count(f), height, width} : new int[] {count(f)};
            return Arrays.equals(h.dims(), want) ? null
                    : "IDX sizes " + Arrays.toString(h.dims()) + ", expected " + Arrays.toString(want);
        } catch (DataException e) {
            return e.getMessage();
        }
    }
}
