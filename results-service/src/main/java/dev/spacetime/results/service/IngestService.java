package dev.spacetime.results.service;

import dev.spacetime.contracts.JobEvent;
import dev.spacetime.contracts.ModelPublished;
import dev.spacetime.contracts.ModelRetired;
import dev.spacetime.results.config.ResultsConfig;
import dev.spacetime.results.persistence.EventStore;
import dev.spacetime.results.persistence.StoreException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Stores what the listener hands over, at least once and never twice: a batch is written in one transaction and the
 * listener acknowledges it (so its offsets may be committed) only after this returns. When the database does not
 * answer, the same batch is retried with exponential backoff for as long as it takes; nothing is dead-lettered for
 * that, and the partition simply waits. A batch that PostgreSQL refuses for its data is split up so that only the
 * events it refuses come back as poison.
 */
@ApplicationScoped
public class IngestService {

    private static final Logger LOG = Logger.getLogger(IngestService.class);

    /** What became of a batch: how many events were new, and which ones the database refused (with why). */
    public record Outcome(int inserted, int duplicates, List<Rejected> rejected) {
    }

    public record Rejected(JobEvent event, String reason) {
    }

    @Inject
    EventStore store;

    @Inject
    DatabaseAvailability availability;

    @Inject
    ResultsConfig config;

    @Inject
    MeterRegistry registry;

    private Counter ingested;
    private Counter duplicates;
    private Counter models;
    private Timer batchTimer;
    private final AtomicLong lagMillis = new AtomicLong();

    @PostConstruct
    void meters() {
        ingested = Counter.builder("spacetime.results.events.ingested").description("Job events stored (new rows)")
                .register(registry);
        duplicates = Counter.builder("spacetime.results.events.duplicates")
                .description("Job events dropped as redeliveries of stored ones").register(registry);
        models = Counter.builder("spacetime.results.models.ingested").description("Model versions stored")
                .register(registry);
        batchTimer = Timer.builder("spacetime.results.ingest.batch").description("Time to store one poll's events")
                .publishPercentiles(0.5, 0.99).register(registry);
        registry.gauge("spacetime.results.ingest.lag.seconds", lagMillis, v -> v.get() / 1000.0);
    }

    /** Stores the events; blocks (retrying) while the database is unavailable. */
    public Outcome ingest(List<JobEvent> events) throws InterruptedException {
        if (events.isEmpty()) {
            return new Outcome(0, 0, List.of());
        }
        long t0 = System.nanoTime();
        List<Rejected> rejected = new ArrayList<>();
        int inserted;
        try {
            inserted = retrying(() -> store.write(EventBatch.of(events)));
        } catch (StoreException e) {
            // Refused for its data: find the events at fault one by one; the others are stored.
            inserted = 0;
            for (JobEvent event : events) {
                try {
                    inserted += retrying(() -> store.write(EventBatch.of(List.of(event))));
                } catch (StoreException refused) {
                    LOG.warnf("event %s#%d refused by the database: %s", event.jobId(), event.sequence(), refused.getMessage());
                    rejected.add(new Rejected(event, refused.getMessage()));
                }
            }
        }
        batchTimer.record(Duration.ofNanos(System.nanoTime() - t0));
        int dups = events.size() - rejected.size() - inserted;
        ingested.increment(inserted);
        duplicates.increment(dups);
        Instant newest = events.stream().map(JobEvent::at).max(Instant::compareTo).orElseThrow();
        lagMillis.set(Math.max(0, Duration.between(newest, Instant.now()).toMillis()));
        return new Outcome(inserted, dups, rejected);
    }

    /** Stores one model version; blocks (retrying) while the database is unavailable. True when it was new. */
    public boolean ingest(ModelPublished model) throws InterruptedException {
        boolean added = retrying(() -> store.write(model));
        if (added) {
            models.increment();
        }
        return added;
    }

    /** Records a model version's retirement; blocks (retrying) while the database is unavailable. True when it changed. */
    public boolean ingest(ModelRetired retirement) throws InterruptedException {
        boolean changed = retrying(() -> store.write(retirement));
        if (!changed) {
            LOG.infof("model %s v%d: retirement changes nothing (retired already, or never announced)",
                    retirement.modelName(), retirement.version());
        }
        return changed;
    }

    /**
     * Runs {@code write} until it succeeds. A data error ({@link StoreException#isDataError()}) is thrown at once;
     * anything else (connection refused or broken, pool timeout, server shutting down) is waited out.
     */
    private <T> T retrying(Supplier<T> write) throws InterruptedException {
        Backoff backoff = new Backoff(config.ingest().retryInitial(), config.ingest().retryMax());
        while (true) {
            try {
                T result = write.get();
                if (availability.problem() != null) {
                    LOG.infof("database is back after %s", Duration.between(availability.since(), Instant.now()));
                }
                availability.ok();
                return result;
            } catch (RuntimeException e) {
                if (StoreException.isDataError(e)) {
                    availability.ok();
                    throw e instanceof StoreException se ? se : new StoreException("refused", (java.sql.SQLException) rootSql(e));
                }
                if (availability.problem() == null) {
                    LOG.warnf("database unavailable, retrying until it is back: %s", e.getMessage());
                }
                availability.failing(String.valueOf(e.getMessage()));
                backoff.pause();
            }
        }
    }

    private static Throwable rootSql(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.sql.SQLException) {
                return c;
            }
        }
        return null;
    }
}
