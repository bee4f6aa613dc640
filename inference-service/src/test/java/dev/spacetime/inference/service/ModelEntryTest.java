package dev.spacetime.inference.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.spacetime.contracts.ModelPublished;
import dev.spacetime.engine.data.Normalization;
import dev.spacetime.engine.infer.Predictor;
import dev.spacetime.engine.kernel.KernelProvider;
import dev.spacetime.engine.model.MlpSpec;
import dev.spacetime.engine.model.Model;
import dev.spacetime.inference.service.VersionState.Status;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The snapshot rules alone: default = newest SERVING, refusals keep the serving copy, keep-versions, retirement. */
class ModelEntryTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static LoadedModel loaded(int version) {
        Model m = MlpSpec.iris().build();
        m.initialize(version);
        Predictor p = new Predictor(m, Normalization.identity(4), KernelProvider.get());
        return new LoadedModel("m", version, p, announcement(version), m.spec().toString(), T);
    }

    private static ModelPublished announcement(int version) {
        return new ModelPublished(1, "m", version, "job", null, "m/" + version + "/model.stm", "a".repeat(64), 10, null, T);
    }

    private static Rejection rejection(int version) {
        return new Rejection(version, RejectionReason.SHA256_MISMATCH, "bad", "m/" + version + "/model.stm", "0".repeat(64), T);
    }

    @Test
    void theNewestServingVersionIsTheDefaultWhateverTheArrivalOrder() {
        ModelEntry e = ModelEntry.empty("m").withServing(loaded(3), 5, T).withServing(loaded(1), 5, T);
        assertEquals(3, e.defaultModel().version());
        e = e.withServing(loaded(4), 5, T);
        assertEquals(4, e.defaultModel().version());
    }

    @Test
    void aRefusedArtifactNeverTakesDownAServingCopy() {
        LoadedModel v1 = loaded(1);
        ModelEntry e = ModelEntry.empty("m").withServing(v1, 5, T);
        e = e.withRejection(rejection(1), announcement(1), 10, T).withRejection(rejection(2), announcement(2), 10, T);
        assertSame(v1, e.defaultModel());
        assertEquals(Status.SERVING, e.version(1).status());
        assertEquals(Status.REJECTED, e.version(2).status());
        assertEquals(2, e.rejections().size());
    }

    @Test
    void onlyTheNewestKeepVersionsStayLoaded() {
        ModelEntry e = ModelEntry.empty("m");
        for (int v = 1; v <= 5; v++) {
            e = e.withServing(loaded(v), 2, T);
        }
        assertEquals(List.of(5, 4), e.serving().stream().map(LoadedModel::version).toList());
        assertEquals(Status.UNLOADED, e.version(3).status());
    }

    @Test
    void anUnloadedVersionAskedForComesBackAndTheOldestOtherMakesRoom() {
        ModelEntry e = ModelEntry.empty("m");
        for (int v = 1; v <= 5; v++) {
            e = e.withServing(loaded(v), 3, T);
        }
        assertEquals(Status.UNLOADED, e.version(1).status());
        e = e.withReloaded(loaded(1), 3, T);
        assertEquals(List.of(5, 4, 1), e.serving().stream().map(LoadedModel::version).toList(),
                "v1 serves again; v3, the oldest other non-default version, makes room");
        assertEquals(Status.UNLOADED, e.version(3).status());
        assertEquals(5, e.defaultModel().version(), "the default stays the newest");
        assertSame(e, e.withReloaded(loaded(1), 3, T), "a version already serving again is left as it is");
        ModelEntry retired = e.withRetired(2, "retired by a test", T);
        assertSame(retired, retired.withReloaded(loaded(2), 3, T), "a retired version is never loaded again");
        ModelEntry one = ModelEntry.empty("m").withServing(loaded(1), 1, T).withServing(loaded(2), 1, T);
        one = one.withReloaded(loaded(1), 1, T);
        assertEquals(List.of(2, 1), one.serving().stream().map(LoadedModel::version).toList(),
                "keep-versions 1: the default and the version asked for");
    }

    @Test
    void retiringMovesTheDefaultDownAndTheLastOneLeavesNone() {
        ModelEntry e = ModelEntry.empty("m").withServing(loaded(1), 5, T).withServing(loaded(2), 5, T);
        e = e.withRetired(2, "retired by a test", T);
        assertEquals(1, e.defaultModel().version());
        assertEquals("retired by a test", e.version(2).reason());
        assertSame(e, e.withRetired(2, "again", T), "retiring twice changes nothing");
        e = e.withRetired(1, "retired by a test", T);
        assertNull(e.defaultModel());
    }

    @Test
    void aRetiredVersionIsNotLoadedAgain() {
        // The artifact of v2 was being loaded when the retirement landed: the retirement stands.
        ModelEntry e = ModelEntry.empty("m").withServing(loaded(1), 5, T).withServing(loaded(2), 5, T)
                .withRetired(2, "retired", T);
        assertSame(e, e.withServing(loaded(2), 5, T));
        assertEquals(Status.RETIRED, e.version(2).status());
        assertEquals(1, e.defaultModel().version());
    }

    @Test
    void rejectionHistoryIsBounded() {
        ModelEntry e = ModelEntry.empty("m");
        for (int v = 1; v <= 20; v++) {
            e = e.withRejection(rejection(v), announcement(v), 10, T);
        }
        assertEquals(10, e.rejections().size());
        assertEquals(11, e.rejections().getFirst().version());
    }
}
