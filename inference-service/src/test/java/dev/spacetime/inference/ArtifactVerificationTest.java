package dev.spacetime.inference;

import static dev.spacetime.inference.ModelFixtures.announce;
import static dev.spacetime.inference.ModelFixtures.artifact;
import static dev.spacetime.inference.ModelFixtures.awaitVersionStatus;
import static dev.spacetime.inference.ModelFixtures.body;
import static dev.spacetime.inference.ModelFixtures.irisRows;
import static dev.spacetime.inference.ModelFixtures.publish;
import static dev.spacetime.inference.ModelFixtures.trainIris;
import static dev.spacetime.inference.ModelFixtures.write;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.contracts.Json;
import dev.spacetime.contracts.ModelPublished;
import dev.spacetime.contracts.ModelTopicRecord;
import dev.spacetime.contracts.Topics;
import dev.spacetime.stack.StackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * A corrupt, missing or mis-announced artifact is refused and reported (log, metric, GET /v1/models) and the
 * previous version keeps serving; poison records go to the dead-letter topic and the consumer keeps going.
 */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, initArgs = @ResourceArg(name = StackTestResource.POSTGRES_ARG, value = "false"))
class ArtifactVerificationTest {

    private static ModelPublished withSha(ModelPublished m, String sha) {
        return new ModelPublished(m.schemaVersion(), m.modelName(), m.version(), m.jobId(), m.architecture(),
                m.artifactUri(), sha, m.sizeBytes(), m.metrics(), m.publishedAt());
    }

    private static ModelPublished withSize(ModelPublished m, long size) {
        return new ModelPublished(m.schemaVersion(), m.modelName(), m.version(), m.jobId(), m.architecture(),
                m.artifactUri(), m.sha256(), size, m.metrics(), m.publishedAt());
    }

    private static void assertServes(String name, int version) {
        given().contentType(ContentType.JSON).body(body(irisRows(0, 2)))
                .post("/v1/models/" + name + "/predict").then().statusCode(200).body("version", equalTo(version));
    }

    @Test
    void corruptArtifactsAreRefusedAndTheOldVersionKeepsServing() throws Exception {
        String name = "iris-verify";
        ModelFixtures.Trained good = trainIris(11, 10);
        ModelFixtures.Trained other = trainIris(12, 10);
        ModelPublished v1 = publish(name, 1, good);

        // v2: the announcement's SHA-256 is not the file's.
        ModelPublished v2 = write(name, 2, other);
        announce(withSha(v2, "0".repeat(64)));
        awaitVersionStatus(name, 2, "REJECTED");
        assertServes(name, 1);

        // v3: one flipped byte in the weights after the announcement was computed.
        ModelPublished v3 = write(name, 3, other);
        Path f3 = artifact(v3);
        byte[] bytes = Files.readAllBytes(f3);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(f3, bytes);
        announce(v3);
        awaitVersionStatus(name, 3, "REJECTED");
        assertServes(name, 1);

        // v4: flipped byte and a SHA-256 that matches the damaged file: the model file's own CRC32C refuses it.
        ModelPublished v4 = write(name, 4, other);
        Path f4 = artifact(v4);
        byte[] b4 = Files.readAllBytes(f4);
        b4[b4.length / 2] ^= 0x01;
        Files.write(f4, b4);
        announce(withSha(v4, ModelFixtures.sha256(b4)));
        awaitVersionStatus(name, 4, "REJECTED");

        // v5: announced but never written; v6: size differs.
        ModelPublished v5 = write(name, 5, other);
        Files.delete(artifact(v5));
        announce(v5);
        ModelPublished v6 = write(name, 6, other);
        announce(withSize(v6, v6.sizeBytes() + 1));
        awaitVersionStatus(name, 6, "REJECTED");
        assertServes(name, 1);

        // A bad re-announcement of the serving version does not take it down.
        announce(withSha(v1, "f".repeat(64)));
        // v7 is fine: the consumer kept going, and the newest valid version becomes the default.
        publish(name, 7, other);
        assertServes(name, 7);

        given().get("/v1/models/" + name).then().statusCode(200)
                .body("defaultVersion", equalTo(7))
                .body("versions.find { it.version == 1 }.status", equalTo("SERVING"))
                .body("versions.find { it.version == 2 }.reason", containsString("SHA256_MISMATCH"))
                .body("versions.find { it.version == 3 }.reason", containsString("SHA256_MISMATCH"))
                .body("versions.find { it.version == 4 }.reason", containsString("UNREADABLE"))
                .body("versions.find { it.version == 4 }.reason", containsString("checksum"))
                .body("versions.find { it.version == 5 }.reason", containsString("MISSING"))
                .body("versions.find { it.version == 6 }.reason", containsString("SIZE_MISMATCH"))
                .body("rejections.code", hasItems("SHA256_MISMATCH", "UNREADABLE", "MISSING", "SIZE_MISMATCH"))
                .body("rejections.find { it.version == 1 }.code", equalTo("SHA256_MISMATCH"));

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.matches("(?s).*spacetime_inference_artifacts_rejected_total\\{reason=\"sha256_mismatch\"} [3-9].*"),
                "rejections are counted by reason");
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndTheConsumerKeepsGoing() {
        String key = "poison-" + UUID.randomUUID();
        StackTestResource.produce(Topics.MODELS, key, "{not json");
        String escape = Json.write(new ModelPublished(1, "iris-escape", 1, "job", null, "../../../etc/passwd",
                "a".repeat(64), 10, null, null));
        StackTestResource.produce(Topics.MODELS, key + "-escape", escape);
        StackTestResource.produce(Topics.MODELS, key + "-future",
                "{\"schemaVersion\":99,\"modelName\":\"x\",\"version\":1,\"artifactUri\":\"x/1/model.stm\"}");

        ConsumerRecord<String, String> dead = StackTestResource.awaitRecord("spacetime.models.dlq",
                r -> key.equals(r.key()), Duration.ofSeconds(30));
        assertEquals("{not json", dead.value());
        Header reason = dead.headers().lastHeader("dead-letter-reason");
        assertNotNull(reason, "the dead-letter record carries the reason");
        assertTrue(new String(reason.value(), StandardCharsets.UTF_8).contains("ModelPublished"));
        ConsumerRecord<String, String> escaped = StackTestResource.awaitRecord("spacetime.models.dlq",
                r -> (key + "-escape").equals(r.key()), Duration.ofSeconds(30));
        assertTrue(new String(escaped.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8)
                .contains("inside the artifact store"));
        StackTestResource.awaitRecord("spacetime.models.dlq", r -> (key + "-future").equals(r.key()), Duration.ofSeconds(30));

        // Retirement records are checked as strictly: an unknown record type, a retirement without a model name.
        StackTestResource.produce(Topics.MODELS, key + "-type", "{}", Map.of(ModelTopicRecord.HEADER, "ModelDeleted"));
        StackTestResource.produce(Topics.MODELS, key + "-retired", "{\"schemaVersion\":1,\"version\":1}",
                Map.of(ModelTopicRecord.HEADER, ModelTopicRecord.RETIRED.wire()));
        assertTrue(deadLetterReason(key + "-type").contains("'ModelDeleted' names no record type"));
        assertTrue(deadLetterReason(key + "-retired").contains("modelName 'null' is not a model name"));

        // The next valid announcement is still processed.
        publish("iris-after-poison", 1, trainIris(13, 5));
        given().get("/v1/models/iris-escape").then().statusCode(404);
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/q/metrics").asString()
                .matches("(?s).*spacetime_inference_announcements_invalid_total [5-9].*"));
    }

    private static String deadLetterReason(String key) {
        ConsumerRecord<String, String> dead = StackTestResource.awaitRecord("spacetime.models.dlq",
                r -> key.equals(r.key()), Duration.ofSeconds(30));
        return new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
    }
}
