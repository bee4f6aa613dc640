package dev.spacetime.engine.deep;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.engine.data.DataOptions;
import dev.spacetime.engine.kernel.Activation;
import dev.spacetime.engine.kernel.DeepKernelsProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small stack learns MNIST: the loss falls and the test accuracy rises well above chance. */
class DeepTrainingTest {

    @TempDir
    Path dir;

    @Test
    void smallStackLearnsMnist() {
        Mnist data = Mnist.load(null, DataOptions.defaultCacheDir(), line -> { });
        DeepFixtures.Model m = DeepFixtures.init(dir, "small", 300, 8, Activation.SOFTSIGN, 0, 1);
        List<Double> losses = new ArrayList<>();
        DeepListener listener = new DeepListener() {
            @Override
            public void report(IntervalReport r) {
                losses.add(r.loss());
            }
        };
        try (DeepTrainer t = DeepTrainer.open(m.weights(), m.head(), new TrainSettings(16, 3, 0.02f, 0.05f), false,
                new DeepOptions(300, 0, false, false, 300, 50), DeepKernelsProvider.get(), data, DeepListener.NONE)) {
            t.run(listener);
        }
        DeepEval.Result eval = DeepEval.run(m.weights(), m.head(), data, DeepKernelsProvider.get(), 2);
        System.out.printf("DeepTrainingTest: losses per 50 steps %s, test accuracy %.4f%n", losses, eval.accuracy());
        assertTrue(losses.getLast() < losses.getFirst() - 0.5, "loss fell: " + losses);
        assertTrue(eval.accuracy() > 0.6, "test accuracy " + eval.accuracy());
    }
}
