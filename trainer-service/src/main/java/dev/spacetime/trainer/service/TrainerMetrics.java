package dev.spacetime.trainer.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The trainer's own meters on {@code /q/metrics}: jobs by final status, jobs in flight (holding a worker slot), jobs
 * waiting (for a slot or for a lease another process holds), and the job overheads the benchmark measures. Kafka's
 * consumer lag (the queue still on the broker) comes from the Kafka client metrics Quarkus binds.
 */
@ApplicationScoped
public class TrainerMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger capacity = new AtomicInteger();
    private final Timer startOverhead;
    private final Timer finishOverhead;
    private final Timer jobDuration;

    public TrainerMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("spacetime.trainer.jobs.in.flight", inFlight);
        registry.gauge("spacetime.trainer.jobs.waiting", waiting);
        registry.gauge("spacetime.trainer.jobs.running", running);
        registry.gauge("spacetime.trainer.jobs.capacity", capacity);
        startOverhead = Timer.builder("spacetime.trainer.job.start.overhead")
                .description("record received to STARTED (validation, lease, data, model)").publishPercentiles(0.5, 0.99)
                .register(registry);
        finishOverhead = Timer.builder("spacetime.trainer.job.finish.overhead")
                .description("engine run returned to COMPLETED acknowledged (model file, SHA-256, marker, events)")
                .publishPercentiles(0.5, 0.99).register(registry);
        jobDuration = Timer.builder("spacetime.trainer.job.duration").description("received to final event")
                .register(registry);
    }

    /** {@code spacetime_trainer_jobs_total{status=...}}: accepted, completed, failed, cancelled, rejected, resumed. */
    public void count(String status) {
        Counter.builder("spacetime.trainer.jobs").tag("status", status.toLowerCase(Locale.ROOT)).register(registry).increment();
    }

    /** Deliveries received and waiting for a worker slot (the rest of the queue is consumer lag on the broker). */
    void queued(java.util.function.IntSupplier queued) {
        io.micrometer.core.instrument.Gauge.builder("spacetime.trainer.jobs.queued", queued::getAsInt)
                .description("job records received and waiting for a worker slot").register(registry);
    }

    public void capacity(int slots) {
        capacity.set(slots);
    }

    AtomicInteger inFlight() {
        return inFlight;
    }

    AtomicInteger waiting() {
        return waiting;
    }

    AtomicInteger running() {
        return running;
    }

    void startOverhead(long nanos) {
        startOverhead.record(Duration.ofNanos(nanos));
    }

    void finishOverhead(long nanos) {
        finishOverhead.record(Duration.ofNanos(nanos));
    }

    void jobDuration(long nanos) {
        jobDuration.record(Duration.ofNanos(nanos));
    }
}
