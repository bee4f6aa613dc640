package dev.spacetime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spacetime.engine.data.DataOptions;
import dev.spacetime.engine.data.DataSplit;
import dev.spacetime.engine.data.Dataset;
import dev.spacetime.engine.data.Datasets;
import dev.spacetime.engine.data.Normalization;
import dev.spacetime.engine.infer.Predictor;
import dev.spacetime.engine.io.ModelFile;
import dev.spacetime.engine.kernel.KernelProvider;
import dev.spacetime.engine.model.MlpSpec;
import dev.spacetime.engine.model.Model;
import dev.spacetime.engine.optim.OptimizerConfig;
import dev.spacetime.engine.optim.Schedule;
import dev.spacetime.engine.train.RunResult;
import dev.spacetime.engine.train.TrainConfig;
import dev.spacetime.engine.train.Trainer;
import dev.spacetime.engine.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model trained in memory, saved, and used through {@code eval} and {@code predict}: the CLI must reproduce the
 * in-memory model's outputs bit for bit, from CSV and from IDX input.
 */
class PredictRoundTripTest {

    @TempDir
    static Path dir;
    static Model model;
    static Normalization normalization;
    static Dataset rawTest;
    static RunResult trained;
    static Path file;

    @BeforeAll
    static void trainInMemoryAndSave() throws IOException {
        DataSplit raw = Datasets.load("iris", DataOptions.defaults(), line -> { });
        normalization = Datasets.defaultNormalization("iris", raw);
        rawTest = raw.test();
        model = MlpSpec.iris().build();
        model.initialize(7);
        TrainConfig config = new TrainConfig(40, 16, OptimizerConfig.adam(0.02), Schedule.COSINE, 7, 1, 0);
        trained = new Trainer(config, KernelProvider.get()).train(model, raw.normalized(normalization), TrainingListener.NONE);
        file = dir.resolve("iris.stm");
        ModelFile.save(file, model, normalization, Map.of(ModelMetadata.DATASET, "iris"));
    }

    @Test
    void csvPredictionsAreTheInMemoryModelsBitForBit() throws IOException {
        float[][] rows = rows(rawTest);
        StringBuilder csv = new StringBuilder("sepal_length,sepal_width,petal_length,petal_width,species\n");
        for (int i = 0; i < rows.length; i++) {
            for (float v : rows[i]) {
                csv.append(v).append(',');
            }
            csv.append(rawTest.y()[i]).append('\n');
        }
        Path input = Files.writeString(dir.resolve("test.csv"), csv);
        Predictor.Prediction expected = new Predictor(model, normalization, KernelProvider.get()).predict(rows);

        JsonNode j = CliRun.of("predict", "--model-file", file.toString(), "--input", input.toString(), "--json")
                .expectExit(ExitCodes.OK).json();
        assertEquals("iris", j.get("model").asText());
        assertEquals(rows.length, j.get("rows").asInt());
        for (int i = 0; i < rows.length; i++) {
            assertEquals(expected.classes()[i], j.get("predictions").get(i).asInt());
            for (int c = 0; c < 3; c++) {
                assertBitIdentical(expected.outputs()[i][c], (float) j.get("outputs").get(i).get(c).doubleValue());
            }
        }
        assertEquals(trained.test().accuracy(), j.get("accuracy").asDouble());

        CliRun text = CliRun.of("predict", "--model-file", file.toString(), "--input", input.toString())
                .expectExit(ExitCodes.OK);
        List<String> lines = text.outLines();
        assertEquals(rows.length, lines.size());
        for (int i = 0; i < rows.length; i++) {
            String[] f = lines.get(i).split(",");
            assertEquals(i, Integer.parseInt(f[0]));
            assertEquals(expected.classes()[i], Integer.parseInt(f[1]));
            for (int c = 0; c < 3; c++) {
                assertBitIdentical(expected.outputs()[i][c], Float.parseFloat(f[2 + c]));
            }
        }
        assertFalse(text.err().isBlank(), "accuracy goes to stderr");
    }

    @Test
    void idxPredictionsAreTheInMemoryModelsBitForBit() throws IOException {
        // IDX holds bytes: 2×2 "images" of Iris-like sizes in millimetres, raw inputs to the same model.
        int n = rawTest.n();
        byte[] pixels = new byte[n * 4];
        float[][] rows = new float[n][4];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) {
                int mm = Math.round(rawTest.x()[i * 4 + j] * 10);
                pixels[i * 4 + j] = (byte) mm;
                rows[i][j] = mm;
            }
        }
        Path images = Files.write(dir.resolve("iris-idx3-ubyte"), FileErrorsTest.idx(0x803, new int[] {n, 2, 2}, pixels));
        byte[] y = new byte[n];
        for (int i = 0; i < n; i++) {
            y[i] = (byte) rawTest.y()[i];
        }
        Path labels = Files.write(dir.resolve("iris-idx1-ubyte"), FileErrorsTest.idx(0x801, new int[] {n}, y));
        Predictor.Prediction expected = new Predictor(model, normalization, KernelProvider.get()).predict(rows);

        JsonNode j = CliRun.of("predict", "--model-file", file.toString(), "--input", images.toString(),
                "--labels", labels.toString(), "--limit", "10", "--json").expectExit(ExitCodes.OK).json();
        assertEquals(10, j.get("rows").asInt());
        for (int i = 0; i < 10; i++) {
            assertEquals(expected.classes()[i], j.get("predictions").get(i).asInt());
            for (int c = 0; c < 3; c++) {
                assertBitIdentical(expected.outputs()[i][c], (float) j.get("outputs").get(i).get(c).doubleValue());
            }
        }
        double accuracy = j.get("accuracy").asDouble();
        assertTrue(accuracy >= 0 && accuracy <= 1, j.toString());
    }

    @Test
    void evalReproducesTheTrainingRunsTestAccuracy() {
        JsonNode j = CliRun.of("eval", "--model-file", file.toString(), "--json").expectExit(ExitCodes.OK).json();
        assertEquals("iris", j.get("model").asText());
        assertEquals("iris", j.get("dataset").asText());
        assertEquals(67, j.get("params").asLong());
        assertEquals(30, j.get("rows").asInt());
        assertEquals(trained.test().accuracy(), j.get("test_accuracy").asDouble());
        assertEquals(trained.test().loss(), j.get("test_loss").asDouble(), 1e-6);
        assertTrue(j.get("eval_seconds").asDouble() > 0);
        assertEquals(KernelProvider.get().id(), j.get("kernels").asText());
    }

    private static float[][] rows(Dataset d) {
        float[][] rows = new float[d.n()][d.features()];
        for (int i = 0; i < d.n(); i++) {
            d.row(i, rows[i], 0);
        }
        return rows;
    }

    private static void assertBitIdentical(float expected, float actual) {
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual), expected + " vs " + actual);
    }
}
