package dev.spacetime.inference.service;

import dev.spacetime.contracts.ModelPublished;
import dev.spacetime.contracts.ModelRetired;
import dev.spacetime.engine.infer.Predictor;
import dev.spacetime.engine.io.ModelFile;
import dev.spacetime.engine.kernel.KernelProvider;
import dev.spacetime.inference.config.InferenceConfig;
import dev.spacetime.inference.service.VersionState.Status;
import io.micrometer.core.instrument.Gauge;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The models this instance serves. State is one immutable {@link RegistrySnapshot} behind an {@link AtomicReference}:
 * readers do a single volatile read and never lock; a change (load, refusal, retirement) builds the next snapshot
 * off to the side — the expensive part, reading and verifying the artifact, happens before — and swaps it in with a
 * compare-and-set. A request that resolved the previous version finishes on it; the next request sees the new one.
 * No request can observe a missing model during a swap.
 */
@ApplicationScoped
public class ModelRegistry {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    /** What {@link #apply} did with an announcement. */
    public enum Outcome { LOADED, REJECTED, ALREADY_SERVING, RETIRED }

    private final AtomicReference<RegistrySnapshot> current = new AtomicReference<>(RegistrySnapshot.EMPTY);
    private final ArtifactStore store;
    private final InferenceMetrics metrics;
    private final int keepVersions;
    private final int rejectionHistory;

    public ModelRegistry(ArtifactStore store, InferenceMetrics metrics, InferenceConfig config) {
        this.store = store;
        this.metrics = metrics;
        this.keepVersions = Math.max(1, config.inference().keepVersions());
        this.rejectionHistory = Math.max(1, config.inference().rejectionHistory());
        Gauge.builder("spacetime.inference.versions.loaded", this, r -> r.snapshot().servingVersions())
                .description("Model versions loaded and serving").register(metrics.registry());
        Gauge.builder("spacetime.inference.models.serving", this, r -> r.snapshot().servingModels())
                .description("Models with a default (serving) version").register(metrics.registry());
    }

    public RegistrySnapshot snapshot() {
        return current.get();
    }

    /** The version to predict with: {@code version}, or the model's default when null. */
    public LoadedModel resolve(String name, Integer version) {
        ModelEntry entry = current.get().model(name);
        if (entry == null) {
            throw new ModelNotFoundException("no model named '" + name + "' (GET /v1/models lists them)");
        }
        if (version == null) {
            LoadedModel m = entry.defaultModel();
            if (m == null) {
                throw new ModelUnavailableException("model '" + name + "' has no serving version: "
                        + entry.versions().size() + " version(s) announced, none valid and serving (see GET /v1/models/" + name + ")");
            }
            return m;
        }
        VersionState v = entry.version(version);
        if (v == null) {
            throw new ModelNotFoundException("model '" + name + "' has no version " + version + "; known versions: "
                    + entry.versions().keySet());
        }
        if (v.status() == Status.UNLOADED) {
            return reload(v);
        }
        if (v.status() != Status.SERVING) {
            throw new ModelNotFoundException("version " + version + " of model '" + name + "' is " + v.status() + ": " + v.reason());
        }
        return v.loaded();
    }

    /**
     * A request named a version that newer ones pushed out of memory (keep-versions): load it again from the artifact
     * store, verified as on announcement, instead of refusing a valid version a user asked for by number (a sweep's best
     * run is often not among its newest versions). It runs on the caller's thread, an event-loop thread for small
     * requests: a model file of a few MB read and hashed once, against failing every request for that version.
     */
    private LoadedModel reload(VersionState v) {
        String name = v.announcement().modelName();
        try {
            LoadedModel loaded = load(v.announcement(), Instant.now());
            ModelEntry after = current.updateAndGet(s -> s.update(name, e -> e.withReloaded(loaded, keepVersions, Instant.now())))
                    .model(name);
            VersionState now = after.version(v.version());
            if (now.status() != Status.SERVING) {
                throw new ModelNotFoundException("version " + v.version() + " of model '" + name + "' is " + now.status()
                        + ": " + now.reason());
            }
            metrics.artifactLoaded();
            LOG.infof("model %s version %d loaded again on request (it had been unloaded by keep-versions)", name, v.version());
            return now.loaded();
        } catch (ArtifactRejectedException e) {
            throw new ModelUnavailableException("version " + v.version() + " of model '" + name
                    + "' was unloaded and its artifact can no longer be loaded: " + e.getMessage());
        }
    }

    /**
     * Verifies, loads and publishes an announced version, or records why it was refused (the previous versions keep
     * serving either way). Called by the single models-topic consumer; safe to call concurrently with retirements.
     */
    public Outcome apply(ModelPublished m) {
        ModelEntry entry = current.get().model(m.modelName());
        VersionState known = entry == null ? null : entry.version(m.version());
        if (known != null && known.status() == Status.RETIRED) {
            LOG.infof("model %s version %d: announcement ignored, the version was retired", m.modelName(), m.version());
            return Outcome.RETIRED;
        }
        if (known != null && known.status() == Status.SERVING && known.announcement().sha256().equalsIgnoreCase(m.sha256())) {
            LOG.debugf("model %s version %d: already serving this artifact", m.modelName(), m.version());
            return Outcome.ALREADY_SERVING;
        }
        Instant now = Instant.now();
        try {
            LoadedModel loaded = load(m, now);
            ModelEntry after = current.updateAndGet(s -> s.update(m.modelName(), e -> e.withServing(loaded, keepVersions, now)))
                    .model(m.modelName());
            if (after.version(m.version()).status() == Status.RETIRED) {
                LOG.infof("model %s version %d: retired while its artifact was loading; it stays retired", m.modelName(),
                        m.version());
                return Outcome.RETIRED;
            }
            metrics.artifactLoaded();
            LoadedModel dflt = after.defaultModel();
            LOG.infof("model %s version %d loaded (%s, sha256 %s); default version is now %s", m.modelName(), m.version(),
                    loaded.spec(), m.sha256(), dflt == null ? "none" : dflt.version());
            return Outcome.LOADED;
        } catch (ArtifactRejectedException e) {
            Rejection r = new Rejection(m.version(), e.reason(), e.getMessage(), m.artifactUri(), m.sha256(), now);
            current.updateAndGet(s -> s.update(m.modelName(), en -> en.withRejection(r, m, rejectionHistory, now)));
            metrics.artifactRejected(e.reason());
            LoadedModel dflt = current.get().model(m.modelName()).defaultModel();
            LOG.warnf("REJECTED model %s version %d (%s): %s; %s", m.modelName(), m.version(), e.reason(), e.getMessage(),
                    dflt == null ? "no version of it is serving" : "version " + dflt.version() + " keeps serving");
            return Outcome.REJECTED;
        }
    }

    /** The state of a version a request names; 404 when the model or the version is unknown. */
    public VersionState known(String name, int version) {
        ModelEntry entry = current.get().model(name);
        if (entry == null) {
            throw new ModelNotFoundException("no model named '" + name + "' (GET /v1/models lists them)");
        }
        VersionState v = entry.version(version);
        if (v == null) {
            throw new ModelNotFoundException("model '" + name + "' has no version " + version + "; known versions: "
                    + entry.versions().keySet());
        }
        return v;
    }

    /**
     * Applies a retirement: the version stops serving at once and for good (a later announcement of it is ignored),
     * the default moves to the newest remaining SERVING version. Idempotent, so the instance that published the
     * record can apply it at once and again when it reads it back. A retirement of a version this registry never
     * heard of changes nothing: on the ordered models topic a retirement follows its announcement, so this happens
     * only for records that did not come from {@code DELETE}, and it happens alike on every replay.
     *
     * @return the model after the retirement, or null when the version is unknown
     */
    public ModelEntry retire(ModelRetired r) {
        ModelEntry before = current.get().model(r.modelName());
        if (before == null || before.version(r.version()) == null) {
            LOG.warnf("model %s version %d: retirement ignored, no such version was announced", r.modelName(), r.version());
            return null;
        }
        String reason = r.reason() != null ? r.reason() : "retired";
        Instant at = r.retiredAt() != null ? r.retiredAt() : Instant.now();
        RegistrySnapshot after = current.updateAndGet(s -> s.update(r.modelName(), e -> e.withRetired(r.version(), reason, at)));
        ModelEntry entry = after.model(r.modelName());
        if (before.version(r.version()).status() != Status.RETIRED) {
            LOG.infof("model %s version %d retired (%s); default version is now %s", r.modelName(), r.version(), reason,
                    entry.defaultModel() == null ? "none" : entry.defaultModel().version());
        }
        return entry;
    }

    private LoadedModel load(ModelPublished m, Instant now) throws ArtifactRejectedException {
        ModelFile file = store.load(m);
        Predictor predictor = new Predictor(file.model(), file.normalization(), KernelProvider.get());
        // A probe row (all zeros) runs the whole path once: weights that are NaN/Inf show here, not on a client's request.
        float[] probe = predictor.predict(new float[][] {new float[predictor.inputSize()]}).outputs()[0];
        for (float f : probe) {
            if (!Float.isFinite(f)) {
                throw new ArtifactRejectedException(RejectionReason.NON_FINITE, "the model in " + m.artifactUri()
                        + " produces non-finite outputs on a zero input (its weights hold NaN/Inf)");
            }
        }
        return new LoadedModel(m.modelName(), m.version(), predictor, m, file.model().spec().toString(), now);
    }
}
