package dev.spacetime.bench.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.engine.data.DataSplit;
import dev.spacetime.engine.data.Dataset;
import dev.spacetime.engine.kernel.KernelProvider;
import dev.spacetime.engine.kernel.Kernels;
import dev.spacetime.engine.model.Model;
import dev.spacetime.engine.optim.OptimizerConfig;
import dev.spacetime.engine.optim.Schedule;
import dev.spacetime.engine.train.TrainConfig;
import dev.spacetime.engine.train.Trainer;
import dev.spacetime.engine.train.TrainingListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link OrderStream} must be the order the engine's Trainer really uses; its constant is a copy of a package-private
 * one. The Trainer does not expose its order, so the test READS it from the Trainer's behaviour: with batch 1 and a
 * learning rate so small (1e-30) that the weights do not move in float, the loss the Trainer reports at each step is
 * the initial model's loss on that step's row. Every row has a distinct loss, so the step losses spell out the
 * permutation, which must equal OrderStream's for each of two epochs.
 */
class OrderStreamTest {

    private static final int ROWS = 97;
    private static final int EPOCHS = 2;
    private static final long SEED = 1234;

    @Test
    void replicatedStreamIsTheOrderTheTrainerUses() {
        DataSplit data = TinyWorkload.split(ROWS, 8, 99);
        Dataset train = data.train();
        Kernels k = KernelProvider.get();
        Model model = SpacetimeSide.newModel(new MnistProtocol(SEED, 1, 1));

        double[] rowLoss = new double[ROWS];
        Model.Workspace ws = model.newWorkspace(1);
        float[] grad = new float[10];
        for (int i = 0; i < ROWS; i++) {
            float[] out = model.forward(k, ws, train.x(), i * train.features(), 1);
            rowLoss[i] = model.spec().loss().loss(k, out, 1, 10, train.y(), i, grad);
        }
        double[] sorted = rowLoss.clone();
        Arrays.sort(sorted);
        for (int i = 1; i < ROWS; i++) {
            assertTrue(sorted[i] - sorted[i - 1] > 1e-6, "two rows have (nearly) the same loss: pick another data seed");
        }

        List<List<Double>> stepLoss = new ArrayList<>();
        TrainConfig cfg = new TrainConfig(EPOCHS, 1, OptimizerConfig.sgd(1e-30), Schedule.CONSTANT, SEED, 1, 0);
        new Trainer(cfg, k).train(model, data, new TrainingListener() {
            @Override
            public void epochStarted(int epoch, int steps) {
                stepLoss.add(new ArrayList<>());
            }

            @Override
            public void stepFinished(int epoch, int step, double loss) {
                stepLoss.get(epoch - 1).add(loss);
            }
        });

        int[][] expected = OrderStream.permutations(SEED, ROWS, EPOCHS);
        for (int e = 0; e < EPOCHS; e++) {
            int[] observed = new int[ROWS];
            for (int s = 0; s < ROWS; s++) {
                observed[s] = rowWithLoss(rowLoss, stepLoss.get(e).get(s));
            }
            assertArrayEquals(expected[e], observed, "epoch " + (e + 1) + ": the Trainer's batch order differs from "
                    + "OrderStream's; did the engine change how it draws the order?");
        }
        assertEquals(EPOCHS, stepLoss.size());
    }

    private static int rowWithLoss(double[] rowLoss, double loss) {
        int best = -1;
        for (int i = 0; i < rowLoss.length; i++) {
            if (best < 0 || Math.abs(rowLoss[i] - loss) < Math.abs(rowLoss[best] - loss)) {
                best = i;
            }
        }
        assertTrue(Math.abs(rowLoss[best] - loss) <= 1e-9 * Math.abs(loss),
                "a step loss " + loss + " matches no row's initial loss (closest " + rowLoss[best] + ")");
        return best;
    }
}
