package dev.spacetime.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Each record has a golden JSON sample: it must parse, and write back to the same JSON tree. */
class GoldenSamplesTest {

    private static String golden(String name) throws IOException {
        try (InputStream in = GoldenSamplesTest.class.getResourceAsStream("/golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "training-job.json, dev.spacetime.contracts.TrainingJob",
            "job-event.json, dev.spacetime.contracts.JobEvent",
            "job-event-accepted.json, dev.spacetime.contracts.JobEvent",
            "model-published.json, dev.spacetime.contracts.ModelPublished",
            "model-retired.json, dev.spacetime.contracts.ModelRetired",
            "control-command.json, dev.spacetime.contracts.ControlCommand"})
    void goldenSampleRoundTrips(String file, String type) throws Exception {
        String json = golden(file);
        Object record = Json.read(json, Class.forName(type));
        JsonNode expected = Json.MAPPER.readTree(json);
        JsonNode actual = Json.MAPPER.readTree(Json.write(record));
        assertEquals(expected, actual, file);
    }

    @Test
    void fieldsLandWhereExpected() throws IOException {
        TrainingJob job = Json.read(golden("training-job.json"), TrainingJob.class);
        assertEquals(EngineKind.SIMD, job.engine());
        assertEquals("78802", job.modelOptions().get("param-budget"));
        assertEquals(Instant.parse("2026-11-23T12:00:00Z"), job.submittedAt());
        JobEvent e = Json.read(golden("job-event.json"), JobEvent.class);
        assertEquals(JobEventType.PROGRESS, e.type());
        assertEquals(0.9712, e.metrics().get("val_accuracy"));
        assertEquals(Map.of(), e.attributes(), "PROGRESS carries no attributes");
        JobEvent accepted = Json.read(golden("job-event-accepted.json"), JobEvent.class);
        assertEquals(JobEventType.ACCEPTED, accepted.type());
        assertEquals("recursive", accepted.attributes().get("model"));
        assertEquals("0.002", accepted.attributes().get("lr"));
        assertEquals("3", accepted.attributes().get("seed"));
    }

    @Test
    void attributesAreAnAdditiveField() {
        // A reader of the first version's JSON (no attributes) still parses it, and an event without attributes
        // writes no attributes key, so older readers see exactly the JSON they saw before.
        JobEvent old = Json.read("{\"schemaVersion\":1,\"jobId\":\"j\",\"sequence\":2,\"type\":\"STARTED\"}", JobEvent.class);
        assertEquals(Map.of(), old.attributes());
        assertTrue(!Json.write(old).contains("attributes"), Json.write(old));
    }

    @Test
    void unknownFieldsAreIgnoredAndNewerVersionsRefused() {
        JobEvent e = Json.read("{\"schemaVersion\":1,\"jobId\":\"j\",\"sequence\":1,\"type\":\"ACCEPTED\",\"addedLater\":7}", JobEvent.class);
        assertEquals("j", e.jobId());
        String msg = assertThrows(IllegalArgumentException.class,
                () -> Json.read("{\"schemaVersion\":2,\"jobId\":\"j\",\"sequence\":1,\"type\":\"ACCEPTED\"}", JobEvent.class)).getMessage();
        assertTrue(msg.contains("schemaVersion 2"), msg);
    }

    @Test
    void malformedJsonAndBadValuesAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Json.read("{not json", TrainingJob.class))
                .getMessage().startsWith("not a valid TrainingJob"));
        String msg = assertThrows(IllegalArgumentException.class, () -> Json.read(
                "{\"schemaVersion\":1,\"jobId\":\"j\",\"engine\":\"gpu\"}", TrainingJob.class)).getMessage();
        assertTrue(msg.contains("gpu"), msg);
        assertThrows(IllegalArgumentException.class, () -> new JobEvent(1, "j", null, 0, JobEventType.STARTED,
                Instant.EPOCH, null, null, Map.of(), null, "w"));
    }

    @Test
    void theModelTopicsRecordTypeIsInItsHeader() throws IOException {
        assertEquals(ModelTopicRecord.PUBLISHED, ModelTopicRecord.of(null), "records from before retirements existed");
        assertEquals(ModelTopicRecord.RETIRED, ModelTopicRecord.of(ModelTopicRecord.RETIRED.headerValue()));
        assertEquals(ModelRetired.class, ModelTopicRecord.RETIRED.type());
        String msg = assertThrows(IllegalArgumentException.class,
                () -> ModelTopicRecord.of("ModelDeleted".getBytes(StandardCharsets.UTF_8))).getMessage();
        assertTrue(msg.contains("'ModelDeleted'") && msg.contains(ModelTopicRecord.HEADER), msg);
        ModelRetired r = Json.read(golden("model-retired.json"), ModelRetired.class);
        assertEquals(2, r.version());
        assertEquals(Instant.parse("2026-11-23T12:05:00Z"), r.retiredAt());
        assertThrows(IllegalArgumentException.class, () -> Json.read(
                "{\"schemaVersion\":1,\"modelName\":\"m\",\"version\":0}", ModelRetired.class));
    }

    @Test
    void topicsHavePartitionsForScalingTrainers() {
        assertEquals(6, Topics.partitions(Topics.JOBS));
        assertEquals(6, Topics.ALL.size());
        assertTrue(Topics.ALL.stream().allMatch(t -> t.startsWith("spacetime.")));
    }
}
