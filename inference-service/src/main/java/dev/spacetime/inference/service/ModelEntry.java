package dev.spacetime.inference.service;

import dev.spacetime.contracts.ModelPublished;
import dev.spacetime.inference.service.VersionState.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One model name in a registry snapshot, immutable: every version's state, the recent refusals and the default
 * version (the newest SERVING one, precomputed so that a prediction does one map lookup). Changes return a new entry.
 */
public record ModelEntry(String name, NavigableMap<Integer, VersionState> versions, List<Rejection> rejections,
                         LoadedModel defaultModel) {

    public ModelEntry {
        versions = Collections.unmodifiableNavigableMap(new TreeMap<>(versions));
        rejections = List.copyOf(rejections);
    }

    static ModelEntry empty(String name) {
        return new ModelEntry(name, new TreeMap<>(), List.of(), null);
    }

    public VersionState version(int version) {
        return versions.get(version);
    }

    /** SERVING versions, newest first. */
    public List<LoadedModel> serving() {
        List<LoadedModel> out = new ArrayList<>();
        for (VersionState v : versions.descendingMap().values()) {
            if (v.status() == Status.SERVING) {
                out.add(v.loaded());
            }
        }
        return out;
    }

    /**
     * Adds (or replaces) a loaded version, unless it is RETIRED; versions beyond the newest {@code keep} SERVING ones
     * are unloaded. A replaced copy of the same version keeps serving for the requests that already hold it.
     */
    ModelEntry withServing(LoadedModel m, int keep, Instant now) {
        VersionState known = versions.get(m.version());
        if (known != null && known.status() == Status.RETIRED) {
            // Retired while its artifact was being loaded: the retirement stands.
            return this;
        }
        TreeMap<Integer, VersionState> next = new TreeMap<>(versions);
        next.put(m.version(), VersionState.serving(m));
        int kept = 0;
        for (VersionState v : next.descendingMap().values()) {
            if (v.status() == Status.SERVING && ++kept > keep) {
                next.put(v.version(), v.with(Status.UNLOADED, "unloaded: the newest " + keep
                        + " versions are kept (spacetime.inference.keep-versions)", now));
            }
        }
        return of(next, rejections);
    }

    /**
     * Serves again a version that {@link #withServing} had unloaded, because a request named it: it stays loaded and the
     * oldest other SERVING version that is not the default makes room, so {@code keep} holds (at least two: the default
     * and the one asked for) and the default (the newest) is never the one unloaded. Unchanged unless the version is still UNLOADED (retired meanwhile, or already
     * reloaded by a concurrent request).
     */
    ModelEntry withReloaded(LoadedModel m, int keep, Instant now) {
        VersionState known = versions.get(m.version());
        if (known == null || known.status() != Status.UNLOADED) {
            return this;
        }
        TreeMap<Integer, VersionState> next = new TreeMap<>(versions);
        next.put(m.version(), VersionState.serving(m));
        List<VersionState> evictable = new ArrayList<>();
        int serving = 0;
        for (VersionState v : next.values()) {       // oldest first
            if (v.status() == Status.SERVING) {
                serving++;
                if (v.version() != m.version() && (defaultModel == null || v.version() != defaultModel.version())) {
                    evictable.add(v);
                }
            }
        }
        for (int i = 0; serving > Math.max(keep, 2) && i < evictable.size(); i++, serving--) {
            VersionState v = evictable.get(i);
            next.put(v.version(), v.with(Status.UNLOADED, "unloaded: version " + m.version() + " was asked for and the "
                    + keep + " loaded versions are kept (spacetime.inference.keep-versions)", now));
        }
        return of(next, rejections);
    }

    /**
     * Records a refused artifact. A version that is already SERVING (an earlier, valid copy) keeps serving; otherwise the
     * version is listed as REJECTED with the reason.
     */
    ModelEntry withRejection(Rejection r, ModelPublished announcement, int history, Instant now) {
        TreeMap<Integer, VersionState> next = new TreeMap<>(versions);
        VersionState current = next.get(r.version());
        if (current == null || current.status() != Status.SERVING) {
            String reason = r.reason() + ": " + r.detail();
            next.put(r.version(), new VersionState(r.version(), Status.REJECTED, reason, announcement, null, now));
        }
        List<Rejection> recent = new ArrayList<>(rejections);
        recent.add(r);
        while (recent.size() > history) {
            recent.removeFirst();
        }
        return of(next, recent);
    }

    /** Marks a version RETIRED (it stops serving at once; the default moves to the next newest SERVING version). */
    ModelEntry withRetired(int version, String reason, Instant at) {
        VersionState current = versions.get(version);
        if (current == null || current.status() == Status.RETIRED) {
            return this;
        }
        TreeMap<Integer, VersionState> next = new TreeMap<>(versions);
        next.put(version, current.with(Status.RETIRED, reason, at));
        return of(next, rejections);
    }

    private ModelEntry of(TreeMap<Integer, VersionState> next, List<Rejection> recent) {
        LoadedModel newest = null;
        for (VersionState v : next.descendingMap().values()) {
            if (v.status() == Status.SERVING) {
                newest = v.loaded();
                break;
            }
        }
        return new ModelEntry(name, next, recent, newest);
    }
}
