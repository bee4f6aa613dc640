package dev.spacetime.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.contracts.TrainingJob;
import dev.spacetime.trainer.service.ArtifactStore;
import dev.spacetime.trainer.service.ChunkedDiskJobRunner;
import dev.spacetime.trainer.service.InvalidJobException;
import dev.spacetime.trainer.service.JobRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The chunked-disk runner's validation, without Kafka: every bad field is named; nothing is written. */
class DeepValidationTest {

    @TempDir
    Path store;

    private JobRunner runner() {
        return new ChunkedDiskJobRunner(new ArtifactStore(store), null);
    }

    private InvalidJobException invalid(Map<String, String> options, Map<String, String> hyper) {
        return assertThrows(InvalidJobException.class, () -> runner().plan(TestJobs.deep("j", options, hyper)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "layers       | 0       | modelOptions.layers       | must be an integer ≥ 1",
            "layers       | many    | modelOptions.layers       | is not an integer",
            "width        | 0       | modelOptions.width        | must be an integer in [2, 64]",
            "width        | 65      | modelOptions.width        | must be an integer in [2, 64]",
            "activation   | sigmoid | modelOptions.activation   | use softsign, tanh, relu",
            "alpha        | -1      | modelOptions.alpha        | must be a finite number > 0",
            "chunk-layers | -3      | modelOptions.chunk-layers | must be an integer in [0,",
            "depth        | 4       | modelOptions.depth        | is not an option of engine chunked-disk"})
    void badModelOptions(String key, String value, String field, String text) {
        Map<String, String> options = new java.util.HashMap<>(Map.of("layers", "200"));
        options.put(key, value);
        InvalidJobException e = invalid(options, Map.of("steps", "10"));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith(field) && e.getMessage().contains(text), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "steps            | 0     | hyperparameters.steps            | must be an integer in [1,",
            "batch            | 70000 | hyperparameters.batch            | must be an integer in [1, 65536]",
            "layer-lr         | -0.1  | hyperparameters.layer-lr         | must be a finite number ≥ 0",
            "head-lr          | x     | hyperparameters.head-lr          | is not a number",
            "in-memory        | yes   | hyperparameters.in-memory        | must be true or false",
            "report-every     | 0     | hyperparameters.report-every     | must be an integer ≥ 1",
            "lr               | 0.1   | hyperparameters.lr               | is not an option of engine chunked-disk"})
    void badHyperparameters(String key, String value, String field, String text) {
        Map<String, String> hyper = new java.util.HashMap<>(Map.of("steps", "10"));
        hyper.put(key, value);
        InvalidJobException e = invalid(Map.of("layers", "200"), hyper);
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }

    @Test
    void missingShapeWrongModelOrDataAndThePlannersRefusals() {
        assertEquals("modelOptions.layers", invalid(Map.of(), Map.of("steps", "10")).field());
        assertEquals("hyperparameters.steps", invalid(Map.of("layers", "10"), Map.of()).field());
        InvalidJobException e = assertThrows(InvalidJobException.class, () -> runner().plan(
                TestJobs.chunked("j", "deep", "iris", Map.of("layers", "10"), Map.of("steps", "1"))));
        assertEquals("dataset", e.field());
        e = assertThrows(InvalidJobException.class, () -> runner().plan(
                TestJobs.chunked("j", "recursive", "mnist", Map.of("layers", "10"), Map.of("steps", "1"))));
        assertEquals("model", e.field());
        e = invalid(Map.of("layers", "1000000000000", "width", "64"), Map.of("steps", "1"));
        assertEquals("modelOptions.layers", e.field());
        assertTrue(e.getMessage().contains("the planner refuses the job: not enough disk for the weight file")
                && e.getMessage().contains("spacetime.artifact-dir"), e.getMessage());
        // 1,000 layers × 64 wide × 65,536 rows: 16 MB of activations per layer, 32 GB stored; the file is 17 MB
        e = invalid(Map.of("layers", "1000", "width", "64"), Map.of("steps", "1", "batch", "65536", "store-activations", "true"));
        assertEquals("hyperparameters.store-activations", e.field(), e.getMessage());
        assertTrue(e.getMessage().contains("needs") && e.getMessage().contains("of heap"), e.getMessage());
        assertFalse(Files.exists(store.resolve("jobs")), "validation writes nothing");
    }

    @Test
    void limitsMaxEpochsCountsThePassesTheStepsMake() {
        // 7,500 steps × 16 rows = 120,000 images = 2 epochs of MNIST's 60,000; 7,501 steps start a third.
        TrainingJob.Limits twoEpochs = new TrainingJob.Limits(0, 2);
        JobRunner.Plan plan = runner().plan(withLimits(Map.of("steps", "7500", "batch", "16"), twoEpochs));
        assertEquals(7500, plan.steps());
        InvalidJobException e = assertThrows(InvalidJobException.class,
                () -> runner().plan(withLimits(Map.of("steps", "7501", "batch", "16"), twoEpochs)));
        assertEquals("hyperparameters.steps", e.field());
        assertEquals("hyperparameters.steps 7501 at batch 16 is 3 epochs of MNIST's 60000 training images, which exceeds "
                + "limits.maxEpochs 2: ask for at most 7500 steps at batch 16 or raise the limit", e.getMessage());
        assertFalse(Files.exists(store.resolve("jobs")), "a refused job writes nothing");
        // 0 means no limit, as for SIMD jobs
        assertEquals(1_000_000, runner().plan(withLimits(Map.of("steps", "1000000"), TrainingJob.Limits.NONE)).steps());
    }

    private static TrainingJob withLimits(Map<String, String> hyper, TrainingJob.Limits limits) {
        TrainingJob j = TestJobs.deep("j", Map.of("layers", "200"), hyper);
        return new TrainingJob(j.schemaVersion(), j.jobId(), j.sweepId(), j.engine(), j.model(), j.dataset(),
                j.modelOptions(), j.hyperparameters(), j.seed(), limits, j.submittedAt());
    }

    @Test
    void aGoodJobGetsEveryOptionAsAttributesWithDeepTrainsDefaults() {
        JobRunner.Plan plan = runner().plan(TestJobs.deep("j", Map.of("layers", "10000"), Map.of("steps", "30")));
        assertEquals(30, plan.steps());
        assertEquals(0, plan.epochs());
        Map<String, String> a = plan.attributes();
        assertEquals("chunked-disk", a.get("engine"));
        assertEquals("mnist", a.get("dataset"));
        assertEquals("4", a.get("width"));
        assertEquals("softsign", a.get("activation"));
        assertEquals("0.01", a.get("alpha"), "1/sqrt(layers)");
        assertEquals("16", a.get("batch"));
        assertEquals("0.05", a.get("head-lr"));
        assertEquals("100", a.get("checkpoint-every"));
    }
}
