package dev.spacetime.inference;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.spacetime.contracts.Json;
import dev.spacetime.contracts.ModelPublished;
import dev.spacetime.contracts.ModelRetired;
import dev.spacetime.contracts.ModelTopicRecord;
import dev.spacetime.contracts.SchemaVersion;
import dev.spacetime.contracts.Topics;
import dev.spacetime.engine.data.DataOptions;
import dev.spacetime.engine.data.DataSplit;
import dev.spacetime.engine.data.Datasets;
import dev.spacetime.engine.data.Normalization;
import dev.spacetime.engine.infer.Predictor;
import dev.spacetime.engine.io.ModelFile;
import dev.spacetime.engine.kernel.KernelProvider;
import dev.spacetime.engine.model.MlpSpec;
import dev.spacetime.engine.model.Model;
import dev.spacetime.engine.optim.OptimizerConfig;
import dev.spacetime.engine.optim.Schedule;
import dev.spacetime.engine.train.TrainConfig;
import dev.spacetime.engine.train.Trainer;
import dev.spacetime.engine.train.TrainingListener;
import dev.spacetime.stack.StackTestResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;

/**
 * Real models for the tests: Iris MLPs (4-8-3) trained in-process by the engine, written into the test artifact store
 * with {@link ModelFile}, announced on the real models topic with their real SHA-256 — what trainer-service does.
 */
final class ModelFixtures {

    /** A trained model with the normalisation it was trained under, and the engine's own predictor for it. */
    record Trained(Model model, Normalization normalization) {
        Predictor predictor() {
            return new Predictor(model, normalization, KernelProvider.get());
        }
    }

    private static DataSplit iris;
    private static Normalization irisNorm;

    private ModelFixtures() {
    }

    /** Iris rows, raw features (cm), as the clients send them. */
    static synchronized float[][] irisRows(int from, int count) {
        split();
        float[][] rows = new float[count][4];
        for (int i = 0; i < count; i++) {
            iris.test().row(from + i, rows[i], 0);
        }
        return rows;
    }

    /** An Iris MLP trained for {@code epochs} from {@code seed}: different seeds give different weights. */
    static synchronized Trained trainIris(long seed, int epochs) {
        DataSplit raw = split();
        Model m = MlpSpec.iris().build();
        m.initialize(seed);
        TrainConfig config = new TrainConfig(epochs, 16, OptimizerConfig.adam(0.02), Schedule.CONSTANT, seed, 1, 0);
        new Trainer(config, KernelProvider.get()).train(m, raw.normalized(irisNorm), TrainingListener.NONE);
        return new Trained(m, irisNorm);
    }

    private static DataSplit split() {
        if (iris == null) {
            try {
                iris = Datasets.load("iris", new DataOptions(null, Files.createTempDirectory("iris-cache"), 0, 0), s -> { });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            irisNorm = Datasets.defaultNormalization("iris", iris);
        }
        return iris;
    }

    /** Writes the model to {@code <store>/<name>/<version>/model.stm} and returns its announcement (not yet sent). */
    static ModelPublished write(String name, int version, Trained t) {
        String uri = name + "/" + version + "/model.stm";
        Path file = StackTestResource.artifactDir().resolve(uri);
        try {
            ModelFile.save(file, t.model(), t.normalization(), Map.of("dataset", "iris"));
            byte[] bytes = Files.readAllBytes(file);
            return new ModelPublished(SchemaVersion.CURRENT, name, version, "job-" + name + "-" + version,
                    t.model().spec().toMap(), uri, sha256(bytes), bytes.length, Map.of("test_accuracy", 0.9),
                    Instant.now());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RecordMetadata announce(ModelPublished m) {
        return StackTestResource.produce(Topics.MODELS, m.modelName(), Json.write(m));
    }

    /** A retirement as any instance's DELETE writes it: keyed by model name, its type in the header. */
    static RecordMetadata retire(String name, int version, String reason) {
        ModelRetired r = new ModelRetired(SchemaVersion.CURRENT, name, version, reason, "another-instance", Instant.now());
        return StackTestResource.produce(Topics.MODELS, name, Json.write(r),
                Map.of(ModelTopicRecord.HEADER, ModelTopicRecord.RETIRED.wire()));
    }

    /** Whether a models-topic record is a retirement (by its type header). */
    static boolean isRetirement(ConsumerRecord<String, String> r) {
        Header type = r.headers().lastHeader(ModelTopicRecord.HEADER);
        return type != null && ModelTopicRecord.of(type.value()) == ModelTopicRecord.RETIRED;
    }

    /** write + announce + wait until the version serves. */
    static ModelPublished publish(String name, int version, Trained t) {
        ModelPublished m = write(name, version, t);
        announce(m);
        awaitVersionStatus(name, version, "SERVING");
        return m;
    }

    static void awaitVersionStatus(String name, int version, String status) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            var r = given().get("/v1/models/" + name);
            if (r.statusCode() != 200) {
                return false;
            }
            List<Map<String, Object>> versions = r.jsonPath().getList("versions");
            return versions.stream().anyMatch(v -> ((Number) v.get("version")).intValue() == version
                    && status.equals(v.get("status")));
        });
    }

    static Path artifact(ModelPublished m) {
        return StackTestResource.artifactDir().resolve(m.artifactUri());
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code {"inputs": [[...], ...]}} with each float written so that it parses back to the same float. */
    static String body(float[][] rows) {
        StringBuilder sb = new StringBuilder("{\"inputs\":[");
        for (int r = 0; r < rows.length; r++) {
            sb.append(r == 0 ? "[" : ",[");
            for (int c = 0; c < rows[r].length; c++) {
                sb.append(c == 0 ? "" : ",").append(Float.toString(rows[r][c]));
            }
            sb.append(']');
        }
        return sb.append("]}").toString();
    }
}
