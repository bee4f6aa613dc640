package dev.spacetime.bench.mnist;

import dev.spacetime.engine.data.DataSplit;
import dev.spacetime.engine.kernel.KernelProvider;
import dev.spacetime.engine.kernel.Kernels;
import dev.spacetime.engine.model.Model;
import dev.spacetime.engine.train.EpochMetrics;
import dev.spacetime.engine.train.RunResult;
import dev.spacetime.engine.train.Trainer;
import dev.spacetime.engine.train.TrainingListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Spacetime's side of {@code bench mnist}, in this JVM, through the engine's public API: {@code Trainer} with the
 * protocol's configuration, timed by the Trainer itself ({@link EpochMetrics#trainSeconds()}: the training loop of
 * the epoch, i.e. drawing the order, gathering each batch, forward, loss, backward, SGD update).
 */
public final class SpacetimeSide {

    /** Steps of epoch 1 whose losses are kept as evidence (step 1 = the initial weights on the first batch). */
    public static final int CHECKED_STEPS = 3;

    private SpacetimeSide() {
    }

    /** Warm-up epoch, then {@code repeats} × {@code epochs} timed epochs, each repeat from the same initial weights. */
    public static Measurement measure(DataSplit data, MnistProtocol p, int threads, boolean pinned, String placement,
                                      Consumer<String> log) {
        Kernels kernels = KernelProvider.get();
        Model warm = newModel(p);
        RunResult w = new Trainer(p.trainConfig(1, threads), kernels).train(warm, data, TrainingListener.NONE);
        double warmup = w.epochs().getFirst().trainSeconds();
        log.accept(String.format(Locale.ROOT, "spacetime %d thread%s: warm-up epoch %.3f s", threads,
                threads == 1 ? "" : "s", warmup));

        List<List<Double>> seconds = new ArrayList<>();
        List<Double> firstSteps = new ArrayList<>();
        RunResult last = null;
        for (int r = 0; r < p.repeats(); r++) {
            Model model = newModel(p);
            TrainingListener listener = r > 0 ? TrainingListener.NONE : new TrainingListener() {
                @Override
                public void stepFinished(int epoch, int step, double loss) {
                    if (epoch == 1 && step <= CHECKED_STEPS) {
                        firstSteps.add(loss);
                    }
                }
            };
            last = new Trainer(p.trainConfig(p.epochs(), threads), kernels).train(model, data, listener);
            List<Double> s = last.epochs().stream().map(EpochMetrics::trainSeconds).toList();
            seconds.add(s);
            log.accept(String.format(Locale.ROOT, "spacetime %d thread%s: repeat %d/%d: %s s per epoch", threads,
                    threads == 1 ? "" : "s", r + 1, p.repeats(), format(s)));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kernels", kernels.id());
        details.put("available_processors", Runtime.getRuntime().availableProcessors());
        details.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        details.put("test_loss", last.test().loss());
        return new Measurement("spacetime", threads, pinned, placement, seconds, warmup, firstSteps,
                last.epochs().getFirst().trainLoss(), last.test().accuracy(), details);
    }

    /** A fresh model of the protocol with its initial weights. */
    public static Model newModel(MnistProtocol p) {
        Model m = p.model().build();
        m.initialize(p.seed());
        return m;
    }

    private static String format(List<Double> s) {
        StringBuilder b = new StringBuilder();
        for (double d : s) {
            b.append(b.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", d));
        }
        return b.toString();
    }
}
