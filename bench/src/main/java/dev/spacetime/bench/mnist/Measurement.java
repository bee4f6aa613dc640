package dev.spacetime.bench.mnist;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One configuration of one side of {@code bench mnist}: per-epoch training-loop seconds of every timed epoch
 * ({@code epochSeconds[repeat][epoch]}), the warm-up epoch, and the evidence that both sides trained the same thing
 * (the losses of the first steps, the mean training loss of epoch 1, test accuracy after the timed epochs).
 *
 * @param side            {@code spacetime} or {@code pytorch}
 * @param threads         compute threads
 * @param placement       where it ran, e.g. {@code taskset -c 0 (child JVM)} or {@code all cores}
 * @param firstStepLosses losses of steps 1, 2, 3 of epoch 1 of the first timed repeat (step 1: initial weights)
 * @param details         side-specific facts (kernels, BLAS, versions), printed and stored as they are
 */
public record Measurement(String side, int threads, boolean pinned, String placement, List<List<Double>> epochSeconds,
                          double warmupSeconds, List<Double> firstStepLosses, double epoch1TrainLoss,
                          double testAccuracy, Map<String, Object> details) {

    public List<Double> allEpochSeconds() {
        List<Double> all = new ArrayList<>();
        epochSeconds.forEach(all::addAll);
        return all;
    }

    public double median() {
        return Stats.median(allEpochSeconds());
    }

    public double min() {
        return Stats.min(allEpochSeconds());
    }

    public double max() {
        return Stats.max(allEpochSeconds());
    }

    public double firstBatchLoss() {
        return firstStepLosses.isEmpty() ? Double.NaN : firstStepLosses.getFirst();
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("side", side);
        m.put("threads", threads);
        m.put("pinned", pinned);
        m.put("placement", placement);
        m.put("median_epoch_seconds", median());
        m.put("min_epoch_seconds", min());
        m.put("max_epoch_seconds", max());
        m.put("epoch_seconds", epochSeconds);
        m.put("warmup_epoch_seconds", warmupSeconds);
        m.put("first_step_losses", firstStepLosses);
        m.put("epoch1_train_loss", epoch1TrainLoss);
        m.put("test_accuracy", testAccuracy);
        m.put("details", details);
        return m;
    }

    /** Reads {@link #toMap()} output, or the peer script's JSON line (the same field names). */
    @SuppressWarnings("unchecked")
    public static Measurement fromMap(Map<String, Object> m) {
        List<List<Double>> secs = new ArrayList<>();
        for (Object r : (List<Object>) m.get("epoch_seconds")) {
            secs.add(doubles(r));
        }
        Object details = m.get("details");
        return new Measurement((String) m.get("side"), ((Number) m.get("threads")).intValue(),
                Boolean.TRUE.equals(m.get("pinned")), (String) m.get("placement"), secs,
                number(m.get("warmup_epoch_seconds")), doubles(m.get("first_step_losses")),
                number(m.get("epoch1_train_loss")), number(m.get("test_accuracy")),
                details == null ? Map.of() : (Map<String, Object>) details);
    }

    private static List<Double> doubles(Object list) {
        List<Double> out = new ArrayList<>();
        for (Object o : (List<?>) list) {
            out.add(number(o));
        }
        return out;
    }

    private static double number(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }
}
