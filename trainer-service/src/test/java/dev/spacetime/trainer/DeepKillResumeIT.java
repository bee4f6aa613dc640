package dev.spacetime.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.contracts.JobEvent;
import dev.spacetime.contracts.JobEventType;
import dev.spacetime.contracts.Json;
import dev.spacetime.contracts.TrainingJob;
import dev.spacetime.engine.deep.DeepFileInfo;
import dev.spacetime.trainer.service.FinalRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 a trainer in the middle of a chunked-disk job: the redelivered job resumes from the deep engine's own
 * checkpoint (the head file in the job's folder) and completes exactly once, with the weights and figures of an
 * uninterrupted run.
 */
class DeepKillResumeIT {

    @TempDir
    Path dir;

    /**
     * 2,000 layers × width 4, 1,000 steps (~7 ms each here: the kill lands hundreds of steps before the end even on a
     * busy machine), a checkpoint every 20 steps.
     */
    static TrainingJob job(String id) {
        return TestJobs.deep(id, Map.of("layers", "2000", "width", "4"), Map.of("steps", "1000", "batch", "16",
                "checkpoint-every", "20", "report-every", "100"));
    }

    @Test
    void aKilledTrainerResumesTheDeepRunFromItsCheckpoint() throws Exception {
        Path artifacts = Files.createDirectories(dir.resolve("artifacts"));
        String id = TestJobs.id("deep-crash");
        try (TrainerProcess a = TrainerProcess.start("trainer-a", artifacts, dir, Map.of())) {
            TestJobs.produce(job(id));
            List<JobEvent> before = TestJobs.awaitEvents(id, es -> es.stream()
                    .anyMatch(e -> e.type() == JobEventType.CHECKPOINTED && e.step() >= 60));
            a.kill9();
            assertEquals(0, TestJobs.count(before, JobEventType.COMPLETED), "killed before the end");
        }
        List<JobEvent> seen;
        String reference = TestJobs.id("deep-reference");
        try (TrainerProcess b = TrainerProcess.start("trainer-b", artifacts, dir, Map.of())) {
            TestJobs.awaitFinal(id);
            TestJobs.produce(job(reference));
            TestJobs.awaitFinal(reference);
            Thread.sleep(2000);   // a redelivery would have produced a second COMPLETED by now
            seen = TestJobs.awaitEvents(id, es -> TestJobs.count(es, JobEventType.COMPLETED) >= 1);
            assertEquals(1, TestJobs.count(seen, JobEventType.COMPLETED), "exactly one COMPLETED: " + seen + "\n" + b.logTail());
        }
        List<JobEvent> events = seen;
        assertEquals(1, TestJobs.count(events, JobEventType.ACCEPTED));
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i).sequence() > events.get(i - 1).sequence(), "sequence increases across the crash: " + events);
        }
        JobEvent resumed = events.stream().filter(e -> e.type() == JobEventType.STARTED && e.attributes().containsKey("resumed_from_step"))
                .findFirst().orElseThrow(() -> new AssertionError("no resumed STARTED: " + events));
        long from = Long.parseLong(resumed.attributes().get("resumed_from_step"));
        // Every CHECKPOINTED event follows its durable head file, and the kill may fall between the two (or take an
        // unsent event with it): the resume starts at a checkpoint no earlier than the dead trainer's last announced.
        long lastAnnounced = events.stream().filter(e -> e.type() == JobEventType.CHECKPOINTED && "trainer-a".equals(e.worker()))
                .mapToLong(JobEvent::step).max().orElseThrow();
        assertTrue(lastAnnounced >= 60 && from >= lastAnnounced && from % 20 == 0 && from < 1000,
                "resumed from step " + from + ", the killed trainer announced step " + lastAnnounced);
        assertEquals(from, resumed.step());
        assertEquals("trainer-b", events.getLast().worker());

        FinalRecord crashed = Json.read(Files.readString(artifacts.resolve("jobs/" + id + "/final.json")), FinalRecord.class);
        FinalRecord clean = Json.read(Files.readString(artifacts.resolve("jobs/" + reference + "/final.json")), FinalRecord.class);
        assertEquals(1000 - from, ((Number) crashed.run().get("steps_this_run")).longValue());
        for (String k : List.of("final_loss", "final_batch_accuracy", "test_accuracy", "test_loss")) {
            assertEquals(clean.run().get(k), crashed.run().get(k), k);
        }
        assertArrayEquals(layerBytes(artifacts.resolve(clean.model().artifactUri())),
                layerBytes(artifacts.resolve(crashed.model().artifactUri())),
                "the resumed run's published layers equal the uninterrupted run's");
    }

    /** The weight file's layers (the header differs: each run has its own run id). */
    private static byte[] layerBytes(Path weights) throws IOException {
        byte[] all = Files.readAllBytes(weights);
        return Arrays.copyOfRange(all, (int) DeepFileInfo.header(weights).dataOffset(), all.length);
    }
}
