package dev.spacetime.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.contracts.TrainingJob;
import dev.spacetime.engine.data.DataOptions;
import dev.spacetime.engine.data.DataSplit;
import dev.spacetime.engine.data.Datasets;
import dev.spacetime.trainer.service.InvalidJobException;
import dev.spacetime.trainer.service.JobRunner;
import dev.spacetime.trainer.service.SimdJobRunner;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The SIMD runner's validation, without Kafka: every bad field is named, with the fix. */
class ValidationTest {

    private final SimdJobRunner runner = new SimdJobRunner(null);

    private InvalidJobException invalid(TrainingJob job) {
        return assertThrows(InvalidJobException.class, () -> runner.plan(job));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "lr        | -0.1    | hyperparameters.lr     | must be a finite number > 0",
            "lr        | abc     | hyperparameters.lr     | is not a number",
            "batch     | 0       | hyperparameters.batch  | must be an integer ≥ 1",
            "epochs    | 0       | hyperparameters.epochs | must be an integer ≥ 1",
            "optimizer | rmsprop | hyperparameters.optimizer | use sgd, momentum or adam",
            "schedule  | step    | hyperparameters.schedule | constant, cosine or linear",
            "momentum  | 1.5     | hyperparameters.momentum | must be in [0, 1)",
            "warmup    | 3       | hyperparameters.warmup | is not a training option"})
    void badHyperparameters(String key, String value, String field, String text) {
        InvalidJobException e = invalid(TestJobs.job("j", "iris", "iris", Map.of(), Map.of(key, value)));
        assertEquals(field, e.field());
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }

    @Test
    void badModelOptions() {
        InvalidJobException e = invalid(TestJobs.job("j", "recursive", "mnist", Map.of("width", "0"), Map.of()));
        assertEquals("modelOptions.width", e.field());
        e = invalid(TestJobs.job("j", "iris", "iris", Map.of("depth", "3"), Map.of()));
        assertTrue(e.getMessage().contains("does not apply to model iris"), e.getMessage());
        e = invalid(TestJobs.job("j", "mlp", "iris", Map.of(), Map.of()));
        assertTrue(e.getMessage().contains("needs layers"), e.getMessage());
        e = invalid(TestJobs.job("j", "mlp", "iris", Map.of("layers", "4,0,3"), Map.of()));
        assertEquals("modelOptions.layers", e.field());
        e = invalid(TestJobs.job("j", "standard-small", "iris", Map.of(), Map.of()));
        assertTrue(e.getMessage().contains("takes 784 inputs"), e.getMessage());
        e = invalid(new TrainingJob(1, "j", null, null, "iris", "iris", Map.of(), Map.of("epochs", "500"), 1,
                new TrainingJob.Limits(0, 100), null));
        assertTrue(e.getMessage().contains("exceeds limits.maxEpochs 100"), e.getMessage());
    }

    @Test
    void aGoodJobGetsEveryHyperparameterAsAttributes() {
        JobRunner.Plan plan = runner.plan(TestJobs.job("j", "recursive", "mnist", Map.of("hidden", "64"), Map.of("lr", "0.01")));
        assertEquals(10, plan.epochs());
        Map<String, String> a = plan.attributes();
        assertEquals("0.01", a.get("lr"));
        assertEquals("64", a.get("hidden"));
        assertEquals("cosine", a.get("schedule"));
        assertEquals("mnist", a.get("dataset"));
    }

    @Test
    void theShapeTableMatchesTheLoadedData() {
        for (String name : new String[] {"iris", "xor"}) {
            DataSplit s = Datasets.load(name, DataOptions.defaults(), line -> { });
            // a model sized for the loaded data validates, i.e. the table agrees with the data
            JobRunner.Plan p = runner.plan(TestJobs.job("j", "mlp", name,
                    Map.of("layers", s.train().features() + ",8," + s.train().classes()), Map.of()));
            assertEquals(10, p.epochs());
        }
    }
}
