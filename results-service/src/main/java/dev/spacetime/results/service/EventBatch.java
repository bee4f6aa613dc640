package dev.spacetime.results.service;

import dev.spacetime.contracts.JobEvent;
import dev.spacetime.contracts.JobEventType;
import dev.spacetime.engine.train.RunResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One poll's events turned into the rows of one transaction: the events themselves (a redelivery within the batch
 * dropped), one merged change per job, the metric points per epoch and per step (the highest sequence per point), and
 * the final figures of COMPLETED jobs. The database merges each with what it already holds by the same rules
 * ({@code EventStore}), so the order in which batches arrive does not matter.
 */
public final class EventBatch {

    /** One metric at one epoch (or step) of a job; {@code index} is the epoch or the step. */
    public record Point(String jobId, long index, Integer epoch, String metric, double value, long seq, Instant time) {
    }

    /** The final figures of a COMPLETED job, named as in {@code train --json}. */
    public record Result(String jobId, Instant completedAt, long seq, Double testAccuracy, Double testLoss, Long params,
                         Double trainSeconds, Double epochSecondsMean, Double inferenceP50Us, Double inferenceP99Us,
                         Double inferenceBatchP50Us, Double evalSeconds, Long peakRssBytes, Long peakHeapBytes,
                         Double accuracyPer1kParams, Map<String, Double> metrics) {

        static Result of(JobEvent e) {
            Map<String, Double> m = e.metrics();
            Double acc = m.get("test_accuracy");
            Long params = asLong(m.get("params"));
            Double per1k = m.get("accuracy_per_1k_params");
            if (per1k == null && acc != null && params != null && params > 0) {
                per1k = RunResult.accuracyPer1kParams(acc, params);
            }
            Double epochMean = first(m, "mean_epoch_seconds", "epoch_seconds_mean", "epoch_seconds");
            return new Result(e.jobId(), e.at(), e.sequence(), acc, m.get("test_loss"), params, m.get("train_seconds"),
                    epochMean, m.get("inference_p50_us"), m.get("inference_p99_us"), m.get("inference_batch_p50_us"),
                    first(m, "eval_seconds_total", "eval_seconds"), asLong(m.get("peak_rss_bytes")),
                    asLong(m.get("peak_heap_bytes")), per1k, m);
        }
    }

    /** What a batch says about one job, merged over its events in the batch. */
    public static final class JobChange {
        public final String jobId;
        public String sweepId;
        public final Map<String, String> attributes = new LinkedHashMap<>();
        public RunStatus status;
        public long statusSeq = Long.MIN_VALUE;
        public Instant finishedAt;
        public String reason;
        public long lastSeq = Long.MIN_VALUE;
        public String worker;
        public Integer lastEpoch;
        public Long lastStep;
        public Long params;
        public Instant submittedAt;
        public Instant startedAt;
        public Instant updatedAt;

        JobChange(String jobId) {
            this.jobId = jobId;
        }

        void add(JobEvent e) {
            if (e.sweepId() != null) {
                sweepId = e.sweepId();
            }
            attributes.putAll(e.attributes());
            RunStatus s = RunStatus.of(e.type());
            // A final status beats a non-final one whatever the order; otherwise the later event wins.
            if (status == null || compare(s, e.sequence(), status, statusSeq) > 0) {
                status = s;
                statusSeq = e.sequence();
                finishedAt = s.isFinal() ? e.at() : null;
                reason = e.reason();
            }
            if (e.sequence() > lastSeq) {
                lastSeq = e.sequence();
                worker = e.worker() != null ? e.worker() : worker;
            }
            if (e.epoch() != null) {
                lastEpoch = lastEpoch == null ? e.epoch() : Math.max(lastEpoch, e.epoch());
            }
            if (e.step() != null) {
                lastStep = lastStep == null ? e.step() : Math.max(lastStep, e.step());
            }
            if (e.type() == JobEventType.COMPLETED && e.metrics().get("params") != null) {
                params = asLong(e.metrics().get("params"));
            }
            if (e.type() == JobEventType.ACCEPTED) {
                submittedAt = min(submittedAt, e.at());
            }
            if (e.type() == JobEventType.STARTED) {
                startedAt = min(startedAt, e.at());
            }
            updatedAt = updatedAt == null || e.at().isAfter(updatedAt) ? e.at() : updatedAt;
        }

        private static int compare(RunStatus a, long aSeq, RunStatus b, long bSeq) {
            if (a.isFinal() != b.isFinal()) {
                return a.isFinal() ? 1 : -1;
            }
            return Long.compare(aSeq, bSeq);
        }

        public String config() {
            return RunConfigLabel.of(attributes);
        }

        public Long seed() {
            String s = attributes.get("seed");
            try {
                return s == null ? null : Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    private final List<JobEvent> events;
    private final Map<String, JobChange> jobs;
    private final Collection<Point> epochPoints;
    private final Collection<Point> stepPoints;
    private final Collection<Result> results;

    private EventBatch(List<JobEvent> events, Map<String, JobChange> jobs, Collection<Point> epochPoints,
                       Collection<Point> stepPoints, Collection<Result> results) {
        this.events = events;
        this.jobs = jobs;
        this.epochPoints = epochPoints;
        this.stepPoints = stepPoints;
        this.results = results;
    }

    public static EventBatch of(List<JobEvent> in) {
        Map<EventKey, JobEvent> unique = new LinkedHashMap<>();
        for (JobEvent e : in) {
            unique.putIfAbsent(new EventKey(e.jobId(), e.sequence()), e);
        }
        Map<String, JobChange> jobs = new LinkedHashMap<>();
        Map<PointKey, Point> epochPoints = new LinkedHashMap<>();
        Map<PointKey, Point> stepPoints = new LinkedHashMap<>();
        Map<String, Result> results = new LinkedHashMap<>();
        for (JobEvent e : unique.values()) {
            jobs.computeIfAbsent(e.jobId(), JobChange::new).add(e);
            if (e.type() == JobEventType.PROGRESS) {
                boolean epochReport = isEpochReport(e);
                e.metrics().forEach((metric, value) -> {
                    if (epochReport) {
                        keepLatest(epochPoints, new Point(e.jobId(), e.epoch(), e.epoch(), metric, value, e.sequence(), e.at()));
                    } else if (e.step() != null) {
                        keepLatest(stepPoints, new Point(e.jobId(), e.step(), e.epoch(), metric, value, e.sequence(), e.at()));
                    }
                });
            }
            if (e.type() == JobEventType.COMPLETED) {
                Result r = Result.of(e);
                results.merge(e.jobId(), r, (a, b) -> b.seq() > a.seq() ? b : a);
            }
        }
        return new EventBatch(List.copyOf(unique.values()), jobs, epochPoints.values(), stepPoints.values(),
                results.values());
    }

    /**
     * Where a PROGRESS event's metrics go: the report that closes an epoch (it names the epoch and carries
     * {@code epoch_seconds}, or names no step) is one point per metric of that epoch in {@code epoch_metrics}; a
     * report between epoch ends, or of a run counted in steps only (the chunked-disk engine), is one point per metric
     * of its step in {@code step_metrics}. Each report is stored once: an epoch-end report is not repeated as a step
     * point (its step stays in {@code job_events}), which halves the rows per event.
     */
    static boolean isEpochReport(JobEvent e) {
        return e.epoch() != null && (e.step() == null || e.metrics().containsKey("epoch_seconds"));
    }

    /** Keys of the maps that dedupe a batch: records, not strings built per event and per metric. */
    private record EventKey(String jobId, long sequence) {
    }

    private record PointKey(String jobId, long index, String metric) {
    }

    private static void keepLatest(Map<PointKey, Point> points, Point p) {
        points.merge(new PointKey(p.jobId(), p.index(), p.metric()), p, (a, b) -> b.seq() > a.seq() ? b : a);
    }

    public List<JobEvent> events() {
        return events;
    }

    public Collection<JobChange> jobs() {
        return jobs.values();
    }

    public Collection<Point> epochPoints() {
        return epochPoints;
    }

    public Collection<Point> stepPoints() {
        return stepPoints;
    }

    public Collection<Result> results() {
        return results;
    }

    public boolean isEmpty() {
        return events.isEmpty();
    }

    private static Double first(Map<String, Double> m, String... keys) {
        for (String k : keys) {
            if (m.get(k) != null) {
                return m.get(k);
            }
        }
        return null;
    }

    private static Long asLong(Double d) {
        return d == null || !Double.isFinite(d) ? null : Math.round(d);
    }

    private static Instant min(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }
}
