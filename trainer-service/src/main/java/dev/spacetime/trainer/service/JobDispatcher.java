package dev.spacetime.trainer.service;

import dev.spacetime.trainer.config.TrainerBeans;
import dev.spacetime.trainer.config.TrainerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The bounded worker pool between the Kafka consumer and the engine. {@link #dispatch} returns a stage that completes
 * when the delivery holds one of the {@code concurrent-jobs} slots and has been handed to a worker thread; the
 * listener returns that stage to Reactive Messaging, which requests the next record only then. So at most
 * pool-capacity jobs are in flight, and while all slots are busy the connector pauses the partitions but keeps
 * polling: the consumer never exceeds {@code max.poll.interval.ms}, however long a job runs.
 */
@ApplicationScoped
public class JobDispatcher {

    private static final Logger LOG = Logger.getLogger(JobDispatcher.class);

    private final JobProcessor processor;
    private final ActiveJobs active;
    private final TrainerMetrics metrics;
    private final int capacity;
    private final int threads;
    private final ExecutorService workers;
    private final Deque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
    private int free;
    private volatile boolean stopping;

    public JobDispatcher(JobProcessor processor, ActiveJobs active, TrainerMetrics metrics, TrainerConfig config) {
        this.processor = processor;
        this.active = active;
        this.metrics = metrics;
        this.capacity = TrainerBeans.concurrentJobs(config);
        this.threads = TrainerBeans.threadsPerJob(config);
        this.free = capacity;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(capacity, r -> {
            Thread t = new Thread(r, "job-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        metrics.capacity(capacity);
        metrics.queued(this::queued);
    }

    void onStart(@Observes StartupEvent e) {
        LOG.infof("trainer: %d concurrent job(s), %d kernel thread(s) each, on %d core(s)", capacity, threads,
                Runtime.getRuntime().availableProcessors());
    }

    synchronized int queued() {
        return waiting.size();
    }

    public int capacity() {
        return capacity;
    }

    /** Completes when the delivery is on a worker (or joined the same job running here). */
    public CompletionStage<Void> dispatch(JobDelivery delivery) {
        if (active.attachIfActive(delivery.key(), delivery)) {
            LOG.infof("job %s: redelivered (%s) while it runs here", delivery.key(), delivery.describe());
            return CompletableFuture.completedFuture(null);
        }
        return acquire().thenRun(() -> {
            metrics.inFlight().incrementAndGet();
            workers.execute(() -> {
                try {
                    processor.process(delivery);
                } finally {
                    metrics.inFlight().decrementAndGet();
                    release();
                }
            });
        });
    }

    private synchronized CompletableFuture<Void> acquire() {
        if (free > 0 && !stopping) {
            free--;
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> slot = new CompletableFuture<>();
        waiting.add(slot);
        return slot;
    }

    private void release() {
        CompletableFuture<Void> next;
        synchronized (this) {
            next = stopping ? null : waiting.poll();
            if (next == null) {
                free++;
                return;
            }
        }
        next.complete(null);   // the slot passes straight to the next delivery
    }

    /**
     * Shutdown: running jobs stop at their next step boundary WITHOUT a final event or an acknowledgement, so their
     * records are redelivered (to another replica after the rebalance, or to us after a restart) and resume from
     * their last checkpoint.
     */
    void onStop(@Observes ShutdownEvent e) {
        stopping = true;
        active.all().forEach(ActiveJob::shutdown);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(20, TimeUnit.SECONDS)) {
                LOG.warn("trainer: jobs still running after 20 s of shutdown; they resume elsewhere from their checkpoints");
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }
}
