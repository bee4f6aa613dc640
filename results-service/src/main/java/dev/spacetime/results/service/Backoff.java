package dev.spacetime.results.service;

import java.time.Duration;

/** Exponential waits between retries, from {@code initial} doubling up to {@code max}. */
final class Backoff {

    private final long maxNanos;
    private long nextNanos;

    Backoff(Duration initial, Duration max) {
        this.nextNanos = Math.max(1, initial.toNanos());
        this.maxNanos = Math.max(nextNanos, max.toNanos());
    }

    /** Sleeps the current wait and doubles the next one. */
    void pause() throws InterruptedException {
        long n = nextNanos;
        nextNanos = Math.min(maxNanos, nextNanos * 2);
        Thread.sleep(Duration.ofNanos(n));
    }
}
