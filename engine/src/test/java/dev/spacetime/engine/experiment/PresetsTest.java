package dev.spacetime.engine.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.engine.model.MlpSpec;
import dev.spacetime.engine.model.ModelSpec;
import dev.spacetime.engine.model.Models;
import dev.spacetime.engine.model.RecursiveSpec;
import dev.spacetime.engine.model.Sequential2DSpec;
import dev.spacetime.engine.optim.Schedule;
import dev.spacetime.engine.train.TrainConfig;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The presets read back: each must be the published set-up, every option visible. */
class PresetsTest {

    private static ModelSpec spec(RunConfig c, int inputs, int classes) {
        return Models.resolve(c.model(), c.options(), inputs, classes, 1);
    }

    @Test
    void xorIsTheReferenceSetUp() {
        Preset p = Presets.get("xor", false, 2, null);
        assertEquals(List.of(2L, 10L, 24L, 45L, 98L, 120L, 350L, 600L, 899L, 1000L), p.seeds());
        RunConfig c = p.configs().getFirst();
        assertEquals(MlpSpec.xor(), spec(c, 2, 2));
        assertEquals("sigmoid", MlpSpec.xor().hidden().id());
        assertEquals("mse", MlpSpec.xor().loss().id());
        TrainConfig t = c.train();
        assertEquals(100_000, t.epochs());
        assertEquals(4, t.batch(), "full batch: all four rows");
        assertEquals("sgd", t.optimizer().kind());
        assertEquals(0.5, t.optimizer().lr());
        assertEquals(0.0, t.optimizer().momentum());
        assertEquals(0.0, t.optimizer().weightDecay());
        assertEquals(Schedule.CONSTANT, t.schedule());
        assertEquals(1, t.threads());
        assertTrue(p.timingRepeats() > 1, "millisecond runs are timed by a median");
    }

    @Test
    void irisIsTheReferenceSetUpWithAndWithoutPerEpochEvaluation() {
        Preset p = Presets.get("iris", false, 2, null);
        assertEquals(List.of(42L), p.seeds());
        assertEquals(2, p.configs().size());
        for (RunConfig c : p.configs()) {
            assertEquals(MlpSpec.iris(), spec(c, 4, 3));
            assertEquals(1000, c.train().epochs());
            assertEquals(32, c.train().batch());
            assertEquals("sgd", c.train().optimizer().kind());
            assertEquals(0.01, c.train().optimizer().lr());
            assertEquals(0.0, c.train().optimizer().momentum(), "no Nesterov/momentum, unlike scikit-learn's default");
            assertEquals(0.0, c.train().optimizer().weightDecay(), "no L2, unlike scikit-learn's default 1e-4");
            assertEquals(0, c.splitSeed(), "one split for every engine");
            assertEquals("iris", c.dataset());
        }
        assertFalse(p.configs().get(0).evalEachEpoch());
        assertTrue(p.configs().get(1).evalEachEpoch());
    }

    @Test
    void sequential2dComparesLayeredAndRandomSparseAtTheSameCount() {
        Preset p = Presets.get("sequential2d", false, 2, null);
        assertEquals(2, p.configs().size());
        for (RunConfig c : p.configs()) {
            Sequential2DSpec s = (Sequential2DSpec) spec(c, 2500, 10);
            assertEquals(4, s.iterations());
            assertEquals(1_371_810, s.parameterCount());
            assertEquals("mnist-50", c.dataset());
            assertEquals("adam", c.train().optimizer().kind());
            assertEquals(1e-4, c.train().optimizer().lr(), "the paper's code");
            assertEquals(20, c.train().epochs());
            assertEquals(64, c.train().batch());
        }
        assertEquals(1e-3, Presets.get("sequential2d", false, 2, 1e-3).configs().getFirst().train().optimizer().lr());
    }

    @Test
    void recursiveVsStandardCoversModelsBudgetsAndTheGrid() {
        Preset full = Presets.get("recursive-vs-standard", false, 2, null);
        assertEquals(11 * 27, full.configs().size(), "3 standard + 4 depths × 2 budgets, 3 × 3 × 3 grid");
        Set<Double> lrs = full.configs().stream().map(c -> c.train().optimizer().lr()).collect(Collectors.toSet());
        assertEquals(Set.of(0.005, 0.01, 0.02), lrs);
        Set<Integer> batches = full.configs().stream().map(c -> c.train().batch()).collect(Collectors.toSet());
        assertEquals(Set.of(32, 64, 128), batches);
        Set<Integer> epochs = full.configs().stream().map(c -> c.train().epochs()).collect(Collectors.toSet());
        assertEquals(Set.of(8, 10, 15), epochs);

        Preset quick = Presets.get("recursive-vs-standard", true, 2, null);
        assertEquals(11, quick.configs().size(), "one grid point per model");
        assertEquals(List.of(1L, 2L, 3L), quick.seeds());
        long atStudyBudget = quick.configs().stream().map(c -> spec(c, 784, 10))
                .filter(s -> s instanceof RecursiveSpec r && r.hidden() == 89).count();
        assertEquals(4, atStudyBudget, "depths 2/4/6/8 at 78,802 → H=89 (78,775 parameters)");
        assertTrue(quick.configs().stream().map(c -> spec(c, 784, 10))
                .anyMatch(s -> s instanceof RecursiveSpec r && r.hidden() == 119), "109,386 → H=119");
    }

    @Test
    void seedsCanBeAddedAndNamesAreChecked() {
        Preset p = Presets.get("iris", false, 1, null).withSeedCount(3);
        assertEquals(List.of(42L, 1001L, 1002L), p.seeds());
        assertEquals(6, p.runs());
        assertThrows(IllegalArgumentException.class, () -> Presets.get("mnist-cnn", false, 1, null));
        assertThrows(IllegalArgumentException.class, () -> p.withSeedCount(0));
    }
}
