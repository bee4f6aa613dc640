package dev.spacetime.engine.data;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The data sets a run can name, each loaded as a {@link DataSplit} of RAW values (normalise with
 * {@link #defaultNormalization} or your own {@link Normalization}, whose statistics come from the train split):
 *
 * <ul>
 *   <li>{@code mnist}: 28×28, train 50k / validation 10k (seeded split of the official 60k) / test the official 10k;
 *   <li>{@code mnist-50}: the same split, bilinearly resized to 50×50 (the Sequential2D input);
 *   <li>{@code fashion-mnist}: like {@code mnist};
 *   <li>{@code iris}: 150 rows split 120 train / 30 test; no validation part, since 30 rows could not say more than the
 *       test part does, so {@code validation} is null and runs report test accuracy;
 *   <li>{@code xor}: the 4 XOR rows, as train and as test (the point is to fit them), no validation.
 * </ul>
 */
public final class Datasets {

    public static final List<String> NAMES = List.of("mnist", "mnist-50", "fashion-mnist", "iris", "xor");
    public static final int SEQUENTIAL_2D_SIZE = 50;
    public static final double IRIS_TRAIN_FRACTION = 0.8;

    private Datasets() {
    }

    /** Loads {@code name} with the sources from the environment ({@link FetchSources#fromEnvironment()}). */
    public static DataSplit load(String name, DataOptions opts, Consumer<String> log) {
        return load(name, opts, FetchSources.fromEnvironment(), log);
    }

    public static DataSplit load(String name, DataOptions opts, FetchSources sources, Consumer<String> log) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        DatasetFetcher fetcher = new DatasetFetcher(opts.cacheDir(), sources, log);
        return switch (key) {
            case "mnist" -> idx("mnist", fetcher.mnist(opts.dataDir()), opts, log);
            case "mnist-50" -> resized(idx("mnist-50", fetcher.mnist(opts.dataDir()), opts, log),
                    SEQUENTIAL_2D_SIZE, SEQUENTIAL_2D_SIZE);
            case "fashion-mnist" -> idx("fashion-mnist", fetcher.fashionMnist(opts.dataDir()), opts, log);
            case "iris" -> iris(opts);
            case "xor" -> xor(opts);
            default -> throw new DataException("unknown data set '" + name + "': known data sets are "
                    + String.join(", ", NAMES));
        };
    }

    /** Pixels /255 for the image sets, z-score from the train split for Iris, none for XOR. */
    public static Normalization defaultNormalization(String name, DataSplit split) {
        Dataset train = split.train();
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "mnist", "mnist-50", "fashion-mnist" -> Normalization.pixelScale(train.features(), 255f);
            case "iris" -> Normalization.zScore(train);
            case "xor" -> Normalization.identity(train.features());
            default -> throw new DataException("unknown data set '" + name + "': known data sets are "
                    + String.join(", ", NAMES));
        };
    }

    private static DataSplit idx(String name, IdxFiles files, DataOptions opts, Consumer<String> log) {
        long t0 = System.nanoTime();
        Dataset train60k = files.readTrain(name + "/train-all");
        Dataset test = files.readTest(name + "/test");
        log.accept(String.format(Locale.ROOT, "%s: read %d + %d images in %.2f s", name, train60k.n(), test.n(),
                (System.nanoTime() - t0) / 1e9));
        Splits.Parts parts = Splits.mnistTrainValidation(train60k, opts.splitSeed());
        Dataset train = limit(parts.first(), opts).renamed(name + "/train");
        Dataset validation = parts.rest().renamed(name + "/validation");
        String desc = name + ": train " + train.n() + " / validation " + validation.n() + " / test " + test.n()
                + "; train+validation = SplitMix64 Fisher-Yates permutation (seed " + opts.splitSeed() + ") of the "
                + train60k.n() + " official training images, first " + parts.first().n() + " train, last "
                + validation.n() + " validation; test = the official t10k set" + limitNote(parts.first(), opts);
        return new DataSplit(train, validation, test, desc);
    }

    private static DataSplit resized(DataSplit s, int h, int w) {
        Dataset from = s.train();
        return new DataSplit(Resize.bilinear(s.train(), h, w), Resize.bilinear(s.validation(), h, w),
                Resize.bilinear(s.test(), h, w), s.description() + "; images resized " + from.height() + "×"
                        + from.width() + " -> " + h + "×" + w + " (bilinear, align_corners=False)");
    }

    private static DataSplit iris(DataOptions opts) {
        Dataset all = Iris.load();
        Splits.Parts parts = Splits.trainTest(all, IRIS_TRAIN_FRACTION, opts.splitSeed());
        Dataset train = limit(parts.first(), opts).renamed("iris/train");
        Dataset test = parts.rest().renamed("iris/test");
        String desc = "iris: train " + train.n() + " / test " + test.n() + " (no validation); SplitMix64 Fisher-Yates "
                + "permutation (seed " + opts.splitSeed() + ") of the 150 rows, first " + parts.first().n()
                + " train, last " + test.n() + " test" + limitNote(parts.first(), opts);
        return new DataSplit(train, null, test, desc);
    }

    private static DataSplit xor(DataOptions opts) {
        float[] x = {0, 0, 0, 1, 1, 0, 1, 1};
        int[] y = {0, 1, 1, 0};
        Dataset all = new Dataset("xor", x, y, 4, 2, 2, 0, 0);
        return new DataSplit(limit(all, opts).renamed("xor/train"), null, all.renamed("xor/test"),
                "xor: the 4 XOR rows, as train and as test (no validation)" + limitNote(all, opts));
    }

    private static Dataset limit(Dataset train, DataOptions opts) {
        return opts.trainLimit() == 0 || opts.trainLimit() >= train.n() ? train : train.slice(0, opts.trainLimit());
    }

    private static String limitNote(Dataset train, DataOptions opts) {
        return opts.trainLimit() == 0 || opts.trainLimit() >= train.n() ? ""
                : "; train limited to its first " + opts.trainLimit() + " rows";
    }
}
