package dev.spacetime.inference.service;

/** Why an announced artifact was refused; the metric tag and the {@code code} in {@code GET /v1/models}. */
public enum RejectionReason {
    /** No file at the announced location. */
    MISSING,
    /** The file's size differs from the announced {@code sizeBytes}. */
    SIZE_MISMATCH,
    /** The file's SHA-256 differs from the announced one. */
    SHA256_MISMATCH,
    /** Larger than {@code spacetime.inference.max-artifact-bytes}. */
    TOO_LARGE,
    /** Verified bytes, but not a model file this build can load (version, spec, tensors). */
    UNREADABLE,
    /**
     * A model of another engine than SIMD (the chunked-disk engine's weight file + head file): announced by its
     * {@code architecture.engine}, or recognised by its magic; refused before it is loaded.
     */
    UNSUPPORTED_ENGINE,
    /** The model loads but produces NaN/Inf on a probe input. */
    NON_FINITE;

    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
