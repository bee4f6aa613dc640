package dev.spacetime.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.spacetime.contracts.JobEvent;
import dev.spacetime.contracts.JobEventType;
import dev.spacetime.results.service.EventBatch;
import dev.spacetime.results.service.RunConfigLabel;
import dev.spacetime.results.service.RunStatus;
import dev.spacetime.results.service.WireRecords;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The batch rules without a database: dedupe, latest point wins, final status wins, config labels, poison. */
class EventBatchTest {

    @Test
    void redeliveriesWithinABatchAreDroppedAndTheLatestPointWins() {
        JobEvent p1 = TestEvents.progress("j", null, 3, 2, 0.8, 0.7);
        JobEvent p2 = TestEvents.progress("j", null, 5, 2, 0.7, 0.75);
        EventBatch b = EventBatch.of(List.of(p2, p1, p1));
        assertEquals(2, b.events().size());
        EventBatch.Point acc = b.epochPoints().stream().filter(p -> p.metric().equals("val_accuracy")).findFirst()
                .orElseThrow();
        assertEquals(0.75, acc.value());
        assertEquals(5, acc.seq());
        assertEquals(4, b.epochPoints().size());
        assertEquals(0, b.stepPoints().size(), "an epoch-end report (epoch_seconds) is not repeated as step points");
        EventBatch steps = EventBatch.of(List.of(
                TestEvents.event("j", null, 6, JobEventType.PROGRESS, 3, 2500L, Map.of("train_loss", 0.6), null, null),
                TestEvents.event("k", null, 2, JobEventType.PROGRESS, null, 100L, Map.of("train_loss", 2.0), null, null)));
        assertEquals(2, steps.stepPoints().size());
        assertEquals(0, steps.epochPoints().size());
    }

    @Test
    void aFinalStatusBeatsALaterProgressAndKeepsItsReason() {
        EventBatch b = EventBatch.of(List.of(
                TestEvents.accepted("j", "s", TestEvents.attributes("mlp", "iris", 7, "s")),
                TestEvents.event("j", "s", 4, JobEventType.FAILED, null, null, Map.of(), "lr must be > 0", null),
                TestEvents.progress("j", "s", 5, 1, 0.5, 0.5)));
        EventBatch.JobChange c = b.jobs().iterator().next();
        assertEquals(RunStatus.FAILED, c.status);
        assertEquals("lr must be > 0", c.reason);
        assertEquals(5, c.lastSeq);
        assertEquals(7L, c.seed());
        assertEquals(1, c.lastEpoch);
    }

    @Test
    void configLabelsGroupSeeds() {
        Map<String, String> seed1 = TestEvents.attributes("recursive", "mnist", 1, "s", "depth", "4");
        Map<String, String> seed2 = TestEvents.attributes("recursive", "mnist", 2, "s", "depth", "4");
        assertEquals(RunConfigLabel.of(seed1), RunConfigLabel.of(seed2));
        assertEquals("recursive dataset=mnist depth=4 engine=simd", RunConfigLabel.of(seed1));
        assertEquals("mine", RunConfigLabel.of(Map.of("config", "mine", "seed", "1")));
        assertNull(RunConfigLabel.of(Map.of()));
        assertEquals(Map.of("depth", "4"), RunConfigLabel.hyperparameters(seed1));
    }

    /**
     * The trainer's STARTED carries the configuration plus what it found when it ran the job; a batch with only the
     * ACCEPTED and a batch with the STARTED (written in either order) must label the job alike, and a replica with
     * other threads/kernels or a resumed run must not split a configuration's seeds.
     */
    @Test
    void runDetailsOfStartedDoNotChangeTheLabel() {
        Map<String, String> accepted = TestEvents.attributes("iris", "iris", 1, "s", "lr", "0.05", "epochs", "30");
        Map<String, String> started = new java.util.LinkedHashMap<>(accepted);
        started.putAll(Map.of("model_name", "iris", "params", "67", "threads", "2", "kernels", "vector-512",
                "resumed_from_epoch", "3"));
        EventBatch onlyAccepted = EventBatch.of(List.of(TestEvents.accepted("j", "s", accepted)));
        EventBatch onlyStarted = EventBatch.of(List.of(TestEvents.started("j", "s", 2, started)));
        assertEquals(onlyAccepted.jobs().iterator().next().config(), onlyStarted.jobs().iterator().next().config());
        assertEquals("iris dataset=iris engine=simd epochs=30 lr=0.05", RunConfigLabel.of(started));
    }

    @Test
    void poisonIsNamed() {
        assertEquals("empty record (null value)", WireRecords.jobEvent(null).reason());
        assertEquals(true, WireRecords.jobEvent("[1,2]").reason().startsWith("not a valid JobEvent"));
        assertEquals(true, WireRecords.jobEvent("{\"schemaVersion\":9,\"jobId\":\"j\",\"sequence\":1,\"type\":\"ACCEPTED\"}")
                .reason().contains("schemaVersion 9"));
        assertEquals(true, WireRecords.jobEvent("{\"schemaVersion\":1,\"jobId\":\"j\",\"sequence\":1,\"type\":\"NOPE\","
                + "\"at\":\"2026-11-23T12:00:00Z\"}").reason().contains("NOPE"));
        assertEquals(true, WireRecords.jobEvent("{\"schemaVersion\":1,\"jobId\":\"j\",\"sequence\":1,\"type\":\"ACCEPTED\"}")
                .reason().contains("at is missing"));
        // Beyond what 64 bits of microseconds hold (the store sends instants so): named, not an endless retry.
        assertEquals(true, WireRecords.jobEvent("{\"schemaVersion\":1,\"jobId\":\"j\",\"sequence\":1,\"type\":\"ACCEPTED\","
                + "\"at\":\"+300000-01-01T00:00:00Z\"}").reason().contains("at +300000-01-01T00:00:00Z is not between"));
    }
}
