package dev.spacetime.inference.service;

import java.time.Instant;

/** One refused artifact, kept in the model's history for {@code GET /v1/models}. */
public record Rejection(int version, RejectionReason reason, String detail, String artifactUri, String sha256, Instant at) {
}
