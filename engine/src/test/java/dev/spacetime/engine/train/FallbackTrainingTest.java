package dev.spacetime.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.engine.data.DataSplit;
import dev.spacetime.engine.kernel.Activation;
import dev.spacetime.engine.kernel.KernelProvider;
import dev.spacetime.engine.kernel.Kernels;
import dev.spacetime.engine.loss.LossFunction;
import dev.spacetime.engine.model.MlpSpec;
import dev.spacetime.engine.model.Model;
import dev.spacetime.engine.model.ModelSpec;
import dev.spacetime.engine.model.RecursiveSpec;
import dev.spacetime.engine.model.Sequential2DSpec;
import dev.spacetime.engine.optim.OptimizerConfig;
import dev.spacetime.engine.optim.Schedule;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * End to end on whatever kernels this JVM chose: in the {@code without-vector-module} surefire run those are the
 * scalar fallback, so every model family trains there as a user without the flag would run it.
 */
@Tag("fallback")
class FallbackTrainingTest {

    private static final DataSplit DATA = SyntheticData.blobs(3, 12, 3, 6.0, 240, 60, 60);

    @Test
    void theActiveKernelsMatchTheModule() {
        Kernels k = KernelProvider.get();
        if (KernelProvider.vectorModulePresent() && !"scalar".equals(System.getProperty("spacetime.kernels"))) {
            assertTrue(k.id().startsWith("vector-"), k.id());
        } else {
            assertEquals("scalar", k.id());
        }
    }

    @Test
    void everyModelFamilyLearnsOnTheActiveKernels() {
        List<ModelSpec> specs = List.of(
                new MlpSpec("tiny", new int[] {12, 10, 3}, Activation.RELU, Activation.IDENTITY, LossFunction.SOFTMAX_CROSS_ENTROPY),
                new RecursiveSpec(12, 16, 2, 3),
                new Sequential2DSpec(new int[] {12, 8, 3}, Sequential2DSpec.Preset.RANDOM_SPARSE, 2, 1L));
        Kernels k = KernelProvider.get();
        for (ModelSpec spec : specs) {
            Model model = spec.build();
            model.initialize(2);
            double before = Evaluation.of(model, k, model.newWorkspace(100), DATA.validation()).loss();
            RunResult r = new Trainer(new TrainConfig(4, 24, OptimizerConfig.adam(2e-2), Schedule.CONSTANT, 2, 1, 0), k)
                    .train(model, DATA, TrainingListener.NONE);
            double after = r.epochs().get(3).valLoss();
            assertEquals(k.id(), r.kernels());
            assertTrue(after < 0.7 * before, spec.name() + " on " + k.id() + ": validation loss " + before + " → " + after);
            assertTrue(r.epochs().get(3).trainLoss() < r.epochs().get(0).trainLoss(), spec.name() + ": " + r.epochs());
            assertTrue(r.test().accuracy() > 0.8, spec.name() + " on " + k.id() + ": test accuracy " + r.test().accuracy());
        }
    }
}
