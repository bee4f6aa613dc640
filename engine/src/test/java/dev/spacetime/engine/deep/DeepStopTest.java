package dev.spacetime.engine.deep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.engine.kernel.Activation;
import dev.spacetime.engine.kernel.DeepKernelsProvider;
import dev.spacetime.engine.train.TrainingStoppedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a service needs of a run: a stop at a step boundary, each durable checkpoint, a plan before any file exists. */
class DeepStopTest {

    private static final Mnist DATA = DeepFixtures.syntheticMnist(7);
    private static final TrainSettings SETTINGS = new TrainSettings(8, 3, 0.1f, 0.1f);

    @TempDir
    Path dir;

    @Test
    void aStopEndsTheRunAtAStepBoundaryAndAResumeMatchesAnUninterruptedRun() {
        DeepFixtures.Model stopped = DeepFixtures.init(dir, "stopped", 60, 4, Activation.SOFTSIGN, 7, 5);
        DeepFixtures.Model clean = DeepFixtures.init(dir, "clean", 60, 4, Activation.SOFTSIGN, 7, 5);
        DeepOptions o = DeepFixtures.options(12, 0, false, false, 3);
        List<Long> checkpoints = new ArrayList<>();
        int[] asked = new int[1];
        DeepListener stopAfterSeven = new DeepListener() {
            @Override
            public void checkpointed(long step) {
                checkpoints.add(step);
            }

            @Override
            public boolean stopRequested() {
                return ++asked[0] > 7;
            }
        };
        TrainingStoppedException e;
        try (DeepTrainer t = DeepTrainer.open(stopped.weights(), stopped.head(), SETTINGS, false, o,
                DeepKernelsProvider.get(), DATA, DeepListener.NONE)) {
            e = assertThrows(TrainingStoppedException.class, () -> t.run(stopAfterSeven));
        }
        assertEquals(7, e.step(), "stopped before step 8");
        assertEquals(List.of(3L, 6L), checkpoints, "each durable checkpoint, after its head file");
        assertEquals(6, HeadFile.read(stopped.head()).step(), "the last checkpoint is the run's state");

        DeepFixtures.train(stopped, SETTINGS, o, DATA, true);
        DeepFixtures.train(clean, SETTINGS, o, DATA, false);
        DeepFixtures.assertSameBits(DeepFixtures.layers(clean), DeepFixtures.layers(stopped), "layers after the resume");
        DeepFixtures.assertSameBits(DeepFixtures.headParams(clean), DeepFixtures.headParams(stopped), "head after the resume");
    }

    @Test
    void aNewModelsPlanCountsTheWeightFileAndItsSlotOnTheNearestExistingFolder() {
        DeepSpec spec = new DeepSpec(1000, 8, Activation.TANH, DeepSpec.defaultAlpha(1000));
        Path weights = dir.resolve("not/yet/there/m.weights");
        DeepPlan small = DeepPlan.forNewModel(spec, 0, 16, DeepFixtures.options(1, 0, false, false, 1), weights);
        assertTrue(small.refusals().isEmpty(), small.toString());
        assertTrue(small.lines().get(1).contains("to be created"), small.lines().get(1));
        assertTrue(!Files.exists(weights.getParent()), "planning writes nothing");

        long free = DeepPlan.usable(dir);
        long layers = free / 2 / spec.layerBytes() + 1;   // each copy fits, the two together do not
        DeepSpec huge = new DeepSpec(layers, 8, Activation.TANH, DeepSpec.defaultAlpha(layers));
        DeepPlan big = DeepPlan.forNewModel(huge, 0, 16, DeepFixtures.options(1, 0, false, false, 1), weights);
        String refusal = assertThrows(DeepException.class, big::check).getMessage();
        assertTrue(refusal.contains("not enough disk for the weight file and its checkpoint slot"), refusal);
    }
}
