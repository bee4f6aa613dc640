package dev.spacetime.trainer;

import static dev.spacetime.trainer.TestJobs.awaitFinal;
import static dev.spacetime.trainer.TestJobs.count;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.contracts.JobEvent;
import dev.spacetime.contracts.JobEventType;
import dev.spacetime.contracts.Json;
import dev.spacetime.contracts.ModelPublished;
import dev.spacetime.contracts.Topics;
import dev.spacetime.engine.data.DataOptions;
import dev.spacetime.engine.deep.DeepEval;
import dev.spacetime.engine.deep.Mnist;
import dev.spacetime.engine.kernel.DeepKernelsProvider;
import dev.spacetime.stack.StackTestResource;
import dev.spacetime.trainer.service.Digests;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** A chunked-disk job from the topic to its published weights and head, and a cancel at a step boundary. */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, initArgs = @ResourceArg(name = "postgres", value = "false"))
class ChunkedDiskJobTest {

    @Test
    void aTinyDeepJobLearnsAndPublishesItsWeightsAndHead() throws Exception {
        String id = TestJobs.id("deep");
        TestJobs.produce(TestJobs.tinyDeep(id));
        List<JobEvent> events = awaitFinal(id);

        assertEquals(JobEventType.ACCEPTED, events.get(0).type(), events.toString());
        assertEquals(JobEventType.STARTED, events.get(1).type(), events.toString());
        assertEquals(JobEventType.COMPLETED, events.getLast().type(), events.toString());
        assertEquals(1, count(events, JobEventType.COMPLETED));
        assertEquals("chunked-disk", events.get(0).attributes().get("engine"));
        assertEquals("7", events.get(0).attributes().get("chunk-layers"));
        assertEquals("deep-l200-w4-softsign", events.get(1).attributes().get("model_name"));

        List<JobEvent> progress = events.stream().filter(e -> e.type() == JobEventType.PROGRESS).toList();
        assertEquals(List.of(10L, 20L, 30L), progress.stream().map(JobEvent::step).toList(), "one PROGRESS per report");
        for (JobEvent p : progress) {
            for (String k : List.of("train_loss", "batch_accuracy", "step_seconds", "layer_samples_per_s",
                    "bytes_streamed", "peak_rss_bytes")) {
                assertTrue(p.metrics().containsKey(k), k + " in " + p);
            }
            assertEquals(10 * 3 * 200 * 80.0, p.metrics().get("bytes_streamed"), "10 steps × (2 reads + 1 write) × 200 layers × 80 B");
        }
        double firstLoss = progress.getFirst().metrics().get("train_loss");
        double lastLoss = progress.getLast().metrics().get("train_loss");
        assertTrue(lastLoss < firstLoss, "the loss fell: " + firstLoss + " -> " + lastLoss);
        assertEquals(List.of(10L, 20L, 30L), events.stream().filter(e -> e.type() == JobEventType.CHECKPOINTED)
                .map(JobEvent::step).toList(), "one CHECKPOINTED per engine checkpoint");

        JobEvent completed = events.getLast();
        assertEquals(30L, completed.step());
        for (String k : List.of("test_accuracy", "test_loss", "params", "steps", "final_loss", "step_seconds_median",
                "bytes_read", "bytes_written", "peak_rss_bytes", "model_version")) {
            assertTrue(completed.metrics().containsKey(k), k + " in " + completed.metrics());
        }
        assertEquals(200 * 20 + 784 * 4 + 4 + 40 + 10, completed.metrics().get("params"));

        ConsumerRecord<String, String> announced = StackTestResource.awaitRecord(Topics.MODELS,
                r -> r.value().contains("\"jobId\":\"" + id + "\""), TestJobs.TIMEOUT);
        ModelPublished model = Json.read(announced.value(), ModelPublished.class);
        assertEquals("models/deep-l200-w4-softsign/" + model.version() + "/deep.weights", model.artifactUri());
        assertEquals("chunked-disk", model.architecture().get("engine"));
        Path weights = StackTestResource.artifactDir().resolve(model.artifactUri());
        Path head = weights.resolveSibling("deep.weights.head");
        assertEquals(Digests.sha256(weights), model.sha256(), "SHA-256 of the weights");
        assertEquals(Files.size(weights), model.sizeBytes());
        assertEquals(Digests.sha256(head), model.architecture().get("head_sha256"), "SHA-256 of the head");

        // The published files are the trained model: evaluated again, they give the job's test figures exactly.
        Mnist mnist = Mnist.load(null, DataOptions.defaultCacheDir(), line -> { });
        DeepEval.Result again = DeepEval.run(weights, head, mnist, DeepKernelsProvider.get(), 1);
        assertEquals(completed.metrics().get("test_accuracy"), again.accuracy());
        assertEquals(30, again.step());
        assertFalse(Files.exists(StackTestResource.artifactDir().resolve("jobs/" + id + "/deep.weights.shadow")),
                "a finished run leaves one slot");

        given().get("/jobs/" + id).then().statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("result.engine", equalTo("chunked-disk"))
                .body("result.mode", equalTo("chunked"))
                .body("result.chunk_layers", equalTo(7))
                .body("result.steps", equalTo(30))
                .body("model.sha256", equalTo(model.sha256()));
    }

    @Test
    void aRunningDeepJobIsCancelledAtAStepBoundary() {
        String id = TestJobs.id("deep-long");
        TestJobs.produce(TestJobs.deep(id, Map.of("layers", "2000"), Map.of("steps", "1000000", "report-every", "5",
                "checkpoint-every", "1000")));
        TestJobs.awaitEvents(id, es -> count(es, JobEventType.PROGRESS) >= 2);
        given().auth().oauth2(StackTestResource.API_TOKEN).queryParam("reason", "test cancels " + id)
                .post("/jobs/" + id + "/cancel").then().statusCode(202);
        List<JobEvent> events = awaitFinal(id);
        JobEvent last = events.getLast();
        assertEquals(JobEventType.CANCELLED, last.type(), events.toString());
        assertTrue(last.reason().contains("test cancels " + id) && last.reason().contains("after step"), last.reason());
        assertTrue(last.step() != null && last.step() >= 10, last.toString());
    }
}
