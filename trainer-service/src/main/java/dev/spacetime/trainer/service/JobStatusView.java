package dev.spacetime.trainer.service;

import dev.spacetime.contracts.JobEvent;
import dev.spacetime.contracts.JobEventType;
import dev.spacetime.trainer.config.TrainerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every job's state as the job-events topic tells it, whichever replica ran it; fed from the beginning of the topic
 * by this instance's own consumer group. Events older than the newest one seen for a job (redeliveries, a final event
 * re-sent after a crash) change nothing. Bounded: the oldest jobs are forgotten first.
 */
@ApplicationScoped
public class JobStatusView {

    private final int capacity;
    private final Map<String, JobStatus> jobs;

    public JobStatusView(TrainerConfig config) {
        this.capacity = config.trainer().viewCapacity();
        this.jobs = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, JobStatus> eldest) {
                return size() > JobStatusView.this.capacity;
            }
        };
    }

    public synchronized void apply(JobEvent e) {
        JobStatus old = jobs.get(e.jobId());
        if (old != null && old.sequence() >= e.sequence() && !"SUBMITTED".equals(old.status())) {
            return;
        }
        if (old != null && isFinal(old.status()) && !e.type().isFinal()) {
            return;
        }
        String status = switch (e.type()) {
            case ACCEPTED -> "ACCEPTED";
            case STARTED, PROGRESS, CHECKPOINTED -> "RUNNING";
            default -> e.type().name();
        };
        Map<String, String> attributes = !e.attributes().isEmpty() ? merge(old, e.attributes())
                : old == null ? Map.of() : old.attributes();
        Map<String, Double> metrics = e.metrics().isEmpty() && old != null ? old.metrics() : e.metrics();
        Integer epoch = e.epoch() != null ? e.epoch() : old == null ? null : old.epoch();
        jobs.put(e.jobId(), new JobStatus(e.jobId(), e.sweepId() != null ? e.sweepId() : old == null ? null : old.sweepId(),
                status, e.type().name(), e.sequence(), epoch, metrics, e.reason(), e.worker(), attributes,
                e.at() != null ? e.at() : Instant.now()));
    }

    /** A job this instance just published: SUBMITTED until its first event arrives. */
    public synchronized void submitted(String jobId, String sweepId) {
        jobs.putIfAbsent(jobId, new JobStatus(jobId, sweepId, "SUBMITTED", null, 0, null, Map.of(), null, null,
                Map.of(), Instant.now()));
    }

    public synchronized Optional<JobStatus> get(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    public synchronized List<JobStatus> sweep(String sweepId) {
        List<JobStatus> out = new ArrayList<>();
        for (JobStatus s : jobs.values()) {
            if (sweepId.equals(s.sweepId())) {
                out.add(s);
            }
        }
        return out;
    }

    private static Map<String, String> merge(JobStatus old, Map<String, String> add) {
        Map<String, String> m = new LinkedHashMap<>(old == null ? Map.of() : old.attributes());
        m.putAll(add);
        return m;
    }

    static boolean isFinal(String status) {
        return status.equals(JobEventType.COMPLETED.name()) || status.equals(JobEventType.FAILED.name())
                || status.equals(JobEventType.CANCELLED.name());
    }
}
