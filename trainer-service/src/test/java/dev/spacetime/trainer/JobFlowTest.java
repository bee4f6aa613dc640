package dev.spacetime.trainer;

import static dev.spacetime.trainer.TestJobs.awaitFinal;
import static dev.spacetime.trainer.TestJobs.count;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.contracts.JobEvent;
import dev.spacetime.contracts.JobEventType;
import dev.spacetime.contracts.Json;
import dev.spacetime.contracts.ModelPublished;
import dev.spacetime.contracts.Topics;
import dev.spacetime.contracts.TrainingJob;
import dev.spacetime.engine.io.ModelFile;
import dev.spacetime.stack.StackTestResource;
import dev.spacetime.trainer.service.Digests;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/** A job from the topic to its model: every event in order, the artifact, the announcement, the REST view. */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, initArgs = @ResourceArg(name = "postgres", value = "false"))
class JobFlowTest {

    @Test
    void aSmallJobRunsToAPublishedModel() throws Exception {
        String id = TestJobs.id("flow");
        TestJobs.produce(TestJobs.iris(id, 6));
        List<JobEvent> events = awaitFinal(id);

        assertEquals(JobEventType.ACCEPTED, events.get(0).type(), events.toString());
        assertEquals(JobEventType.STARTED, events.get(1).type(), events.toString());
        assertEquals(JobEventType.COMPLETED, events.getLast().type(), events.toString());
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i).sequence() > events.get(i - 1).sequence(), "sequences increase: " + events);
        }
        assertEquals(List.of(1, 2, 3, 4, 5, 6), events.stream().filter(e -> e.type() == JobEventType.PROGRESS)
                .map(JobEvent::epoch).toList(), "one PROGRESS per epoch");
        assertTrue(count(events, JobEventType.CHECKPOINTED) >= 1, events.toString());
        events.stream().filter(e -> e.type() == JobEventType.PROGRESS)
                .forEach(e -> assertTrue(e.metrics().containsKey("train_loss") && e.metrics().containsKey("epoch_seconds"), e.toString()));

        JobEvent accepted = events.get(0);
        assertEquals("iris", accepted.attributes().get("model"));
        assertEquals("iris", accepted.attributes().get("dataset"));
        assertEquals("simd", accepted.attributes().get("engine"));
        assertEquals("7", accepted.attributes().get("seed"));
        assertEquals("6", accepted.attributes().get("epochs"));
        assertEquals("0.002", accepted.attributes().get("lr"), "defaults filled in: " + accepted.attributes());
        assertEquals("adam", accepted.attributes().get("optimizer"));
        assertTrue(events.get(1).attributes().containsKey("model_name"), events.get(1).toString());

        JobEvent completed = events.getLast();
        for (String k : List.of("test_accuracy", "test_loss", "params", "train_seconds", "inference_p50_us",
                "inference_p99_us", "peak_rss_bytes", "peak_heap_bytes", "convergence_epoch", "model_version")) {
            assertTrue(completed.metrics().containsKey(k), k + " in " + completed.metrics());
        }

        ConsumerRecord<String, String> announced = StackTestResource.awaitRecord(Topics.MODELS,
                r -> r.value().contains("\"jobId\":\"" + id + "\""), TestJobs.TIMEOUT);
        ModelPublished model = Json.read(announced.value(), ModelPublished.class);
        assertEquals(model.modelName(), announced.key());
        assertEquals("models/iris/" + model.version() + "/model.stm", model.artifactUri());
        Path file = StackTestResource.artifactDir().resolve(model.artifactUri());
        assertEquals(Digests.sha256(file), model.sha256(), "SHA-256 of the artifact");
        assertEquals(Files.size(file), model.sizeBytes());
        assertEquals(completed.metrics().get("model_version"), (double) model.version());
        ModelFile loaded = ModelFile.load(file);
        assertEquals(completed.metrics().get("params"), (double) loaded.model().parameters().trainableCount());
        assertEquals(id, loaded.metadata().get("job_id"));
        assertTrue(Files.exists(StackTestResource.artifactDir().resolve("jobs/" + id + "/checkpoint.ckpt")));

        given().get("/jobs/" + id).then().statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("result.test_accuracy", notNullValue())
                .body("result.model_name", equalTo("iris"))
                .body("result.job_id", equalTo(id))
                .body("model.sha256", equalTo(model.sha256()));
    }

    @Test
    void aRedeliveredCompletedJobEmitsNothingNew() {
        String id = TestJobs.id("dup");
        TrainingJob job = TestJobs.iris(id, 2);
        RecordMetadata first = TestJobs.produce(job);
        int before = awaitFinal(id).size();

        // The same record again (a redelivery after a crash), then a marker job on the same partition: jobs of one
        // partition are handled in order, so once the marker completes the duplicate has been handled.
        String marker = TestJobs.id("marker");
        try (KafkaProducer<String, String> p = StackTestResource.producer()) {
            p.send(new ProducerRecord<>(Topics.JOBS, first.partition(), id, Json.write(job))).get();
            p.send(new ProducerRecord<>(Topics.JOBS, first.partition(), marker, Json.write(TestJobs.iris(marker, 1)))).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        awaitFinal(marker);
        List<JobEvent> after = TestJobs.awaitEvents(id, es -> es.size() >= before);
        assertEquals(before, after.size(), "no new event for the redelivered job: " + after);
        assertEquals(1, count(after, JobEventType.COMPLETED));
    }

    @Test
    void aJobSubmittedOverRestCompletes() {
        String id = given().auth().oauth2(StackTestResource.API_TOKEN).contentType("application/json")
                .body("{\"model\":\"xor\",\"dataset\":\"xor\",\"hyperparameters\":{\"epochs\":300,\"lr\":0.05,"
                        + "\"latency-calls\":0},\"seed\":3}")
                .post("/jobs").then().statusCode(202).body("status", equalTo("SUBMITTED"))
                .extract().path("jobId");
        List<JobEvent> events = awaitFinal(id);
        assertEquals(JobEventType.COMPLETED, events.getLast().type(), events.toString());
        assertEquals("3", events.getFirst().attributes().get("seed"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() ->
                given().get("/jobs/" + id).then().statusCode(200).body("status", equalTo("COMPLETED"))
                        .body("lastEvent", equalTo("COMPLETED")));
    }
}
