package dev.spacetime.trainer.service;

import java.util.ArrayList;
import java.util.List;

/**
 * A job this instance is working on: the deliveries to acknowledge when it ends (a redelivery that arrives while it
 * runs joins them instead of running the job again), and the flags its training loop checks at every step.
 */
public final class ActiveJob {

    private final String jobId;
    private final List<JobDelivery> deliveries = new ArrayList<>();
    private boolean closed;
    private volatile String cancelReason;
    private volatile boolean shutdown;
    private volatile boolean running;

    ActiveJob(String jobId, JobDelivery first) {
        this.jobId = jobId;
        deliveries.add(first);
    }

    public String jobId() {
        return jobId;
    }

    /** Joins a redelivery; false when the job already ended (the caller handles it as a new delivery). */
    synchronized boolean attach(JobDelivery d) {
        if (closed) {
            return false;
        }
        deliveries.add(d);
        return true;
    }

    /** Ends the job's membership: no delivery joins after this; returns those to acknowledge. */
    synchronized List<JobDelivery> close() {
        closed = true;
        return new ArrayList<>(deliveries);
    }

    public void cancel(String reason) {
        if (cancelReason == null) {
            cancelReason = reason == null ? "cancelled" : reason;
        }
    }

    public String cancelReason() {
        return cancelReason;
    }

    public boolean cancelRequested() {
        return cancelReason != null;
    }

    /** The instance is stopping: stop at the next step WITHOUT a final event, so another instance resumes the job. */
    void shutdown() {
        shutdown = true;
    }

    public boolean shuttingDown() {
        return shutdown;
    }

    void running(boolean r) {
        running = r;
    }

    /** Training (not waiting for data, a lease or a slot). */
    public boolean isRunning() {
        return running;
    }
}
