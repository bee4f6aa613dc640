package dev.spacetime.trainer.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/** The jobs this instance holds right now, by id: for cancel, duplicate deliveries and shutdown. */
@ApplicationScoped
public class ActiveJobs {

    private final ConcurrentHashMap<String, ActiveJob> jobs = new ConcurrentHashMap<>();

    /** Registers a delivery of {@code jobId}: a new {@link ActiveJob}, or null when it joined one already held here. */
    ActiveJob register(String jobId, JobDelivery d) {
        while (true) {
            ActiveJob fresh = new ActiveJob(jobId, d);
            ActiveJob existing = jobs.putIfAbsent(jobId, fresh);
            if (existing == null) {
                return fresh;
            }
            if (existing.attach(d)) {
                return null;
            }
            jobs.remove(jobId, existing);   // it ended between the lookup and the attach; retry
        }
    }

    /** Joins a redelivery to the job if this instance holds it; false otherwise. */
    boolean attachIfActive(String jobId, JobDelivery d) {
        ActiveJob a = jobId == null ? null : jobs.get(jobId);
        return a != null && a.attach(d);
    }

    void remove(ActiveJob job) {
        jobs.remove(job.jobId(), job);
    }

    public ActiveJob get(String jobId) {
        return jobs.get(jobId);
    }

    public Collection<ActiveJob> all() {
        return jobs.values();
    }

    public long runningCount() {
        return jobs.values().stream().filter(ActiveJob::isRunning).count();
    }
}
