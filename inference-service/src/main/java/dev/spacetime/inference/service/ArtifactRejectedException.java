package dev.spacetime.inference.service;

/** An announced artifact failed verification or loading; the previous version keeps serving. */
public final class ArtifactRejectedException extends Exception {

    private final RejectionReason reason;

    public ArtifactRejectedException(RejectionReason reason, String message) {
        this(reason, message, null);
    }

    public ArtifactRejectedException(RejectionReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public RejectionReason reason() {
        return reason;
    }
}
