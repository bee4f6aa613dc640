package dev.spacetime.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.contracts.JobEvent;
import dev.spacetime.contracts.JobEventType;
import dev.spacetime.contracts.Json;
import dev.spacetime.contracts.TrainingJob;
import dev.spacetime.engine.io.ModelFile;
import dev.spacetime.trainer.service.FinalRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 a trainer mid-job: after a restart the job is redelivered (its record was never acknowledged), resumes from
 * its last checkpoint, and completes exactly once, with the same weights and metrics as an uninterrupted run.
 */
class KillResumeIT {

    @TempDir
    Path dir;

    /** 200 epochs of a wide MLP on Iris, one row per step (~20-60 ms an epoch): a checkpoint every 5 epochs. */
    static TrainingJob job(String id) {
        return TestJobs.job(id, "mlp", "iris", Map.of("layers", "4,256,256,3"), Map.of("epochs", "200", "batch", "1",
                "optimizer", "momentum", "lr", "0.005", "record-every", "5", "latency-calls", "0"));
    }

    @Test
    void aKilledTrainerLosesNothing() throws Exception {
        Path artifacts = Files.createDirectories(dir.resolve("artifacts"));
        String id = TestJobs.id("crash");
        int killedAfter;
        try (TrainerProcess a = TrainerProcess.start("trainer-a", artifacts, dir, Map.of())) {
            TestJobs.produce(job(id));
            List<JobEvent> before = TestJobs.awaitEvents(id, es -> es.stream()
                    .anyMatch(e -> e.type() == JobEventType.CHECKPOINTED && e.epoch() >= 60));
            killedAfter = before.stream().filter(e -> e.type() == JobEventType.CHECKPOINTED).mapToInt(JobEvent::epoch).max().orElseThrow();
            a.kill9();
            assertEquals(0, TestJobs.count(before, JobEventType.COMPLETED), "killed before the end");
        }
        List<JobEvent> seen;
        String reference = TestJobs.id("reference");
        try (TrainerProcess b = TrainerProcess.start("trainer-b", artifacts, dir, Map.of())) {
            TestJobs.awaitFinal(id);
            // The same job under another id, uninterrupted, on the same trainer.
            TestJobs.produce(job(reference));
            TestJobs.awaitFinal(reference);
            Thread.sleep(2000);   // a redelivery would have produced a second COMPLETED by now
            seen = TestJobs.awaitEvents(id, es -> TestJobs.count(es, JobEventType.COMPLETED) >= 1);
            String tail = b.logTail();
            assertEquals(1, TestJobs.count(seen, JobEventType.COMPLETED), "exactly one COMPLETED: " + seen + "\n" + tail);
        }
        List<JobEvent> events = seen;
        assertEquals(1, TestJobs.count(events, JobEventType.ACCEPTED));
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i).sequence() > events.get(i - 1).sequence(), "sequence increases across the crash: " + events);
        }
        JobEvent resumed = events.stream().filter(e -> e.type() == JobEventType.STARTED && e.attributes().containsKey("resumed_from_epoch"))
                .findFirst().orElseThrow(() -> new AssertionError("no resumed STARTED: " + events));
        int from = Integer.parseInt(resumed.attributes().get("resumed_from_epoch"));
        assertTrue(from >= 60 && from <= killedAfter + 5, "resumed from epoch " + from + ", killed after " + killedAfter);
        assertEquals("trainer-b", events.getLast().worker());

        FinalRecord crashed = Json.read(Files.readString(artifacts.resolve("jobs/" + id + "/final.json")), FinalRecord.class);
        FinalRecord clean = Json.read(Files.readString(artifacts.resolve("jobs/" + reference + "/final.json")), FinalRecord.class);
        assertEquals(clean.run().get("train_loss"), crashed.run().get("train_loss"), "every recorded epoch's loss");
        assertEquals(clean.run().get("test_accuracy"), crashed.run().get("test_accuracy"));
        assertEquals(clean.run().get("test_loss"), crashed.run().get("test_loss"));
        float[] w1 = ModelFile.load(artifacts.resolve(crashed.model().artifactUri())).model().parameters().values();
        float[] w2 = ModelFile.load(artifacts.resolve(clean.model().artifactUri())).model().parameters().values();
        assertArrayEquals(w2, w1, "the resumed run's final weights equal the uninterrupted run's");
    }
}
