package dev.spacetime.trainer.service;

import dev.spacetime.contracts.JobEvent;
import dev.spacetime.contracts.JobEventType;
import dev.spacetime.contracts.Json;
import dev.spacetime.contracts.ModelPublished;
import dev.spacetime.contracts.SchemaVersion;
import dev.spacetime.contracts.TrainingJob;
import dev.spacetime.engine.data.DataException;
import dev.spacetime.engine.deep.DeepException;
import dev.spacetime.engine.io.ModelFileException;
import dev.spacetime.engine.train.EpochMetrics;
import dev.spacetime.engine.train.TrainingDivergedException;
import dev.spacetime.engine.train.TrainingStoppedException;
import dev.spacetime.trainer.config.TrainerBeans;
import dev.spacetime.trainer.config.TrainerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The life of one job delivery, on a worker thread: parse and validate (poison → FAILED + dead-letter), skip what is
 * already final (re-send its final records if they may not have reached the broker), take the job's lease, run or
 * resume it with a checkpoint per epoch, then write the completion marker, send the final records, and only then
 * acknowledge the delivery. A delivery that ends any other way (crash, shutdown) is not acknowledged, so the job
 * comes back and resumes from its checkpoint.
 */
@ApplicationScoped
public class JobProcessor {

    private static final Logger LOG = Logger.getLogger(JobProcessor.class);
    /** How long a final record may take to reach the broker before the delivery is left for redelivery. */
    private static final long SEND_TIMEOUT_SECONDS = 60;

    private final TrainerConfig config;
    private final ArtifactStore store;
    private final JobRunners runners;
    private final EventSink sink;
    private final ActiveJobs active;
    private final TrainerMetrics metrics;

    public JobProcessor(TrainerConfig config, ArtifactStore store, JobRunners runners, EventSink sink, ActiveJobs active,
            TrainerMetrics metrics) {
        this.config = config;
        this.store = store;
        this.runners = runners;
        this.sink = sink;
        this.active = active;
        this.metrics = metrics;
    }

    /** Handles one delivery to its end. Never throws: every outcome is an event, an acknowledgement, or neither. */
    public void process(JobDelivery delivery) {
        long received = System.nanoTime();
        TrainingJob job;
        try {
            job = parse(delivery);
        } catch (InvalidJobException e) {
            poison(delivery, fallbackId(delivery), null, e);
            return;
        }
        ActiveJob holder = active.register(job.jobId(), delivery);
        if (holder == null) {
            LOG.infof("job %s: redelivered (%s) while it runs here; acknowledged when it ends", job.jobId(), delivery.describe());
            return;
        }
        try {
            handle(job, holder, received);
        } catch (RuntimeException e) {
            // A bug or an infrastructure failure (artifact store, broker): leave the delivery unacknowledged so that
            // the job is retried after a restart or rebalance instead of being lost.
            LOG.errorf(e, "job %s: failed outside the run; left unacknowledged for redelivery", job.jobId());
        } finally {
            active.remove(holder);
        }
    }

    private void handle(TrainingJob job, ActiveJob holder, long received) {
        String jobId = job.jobId();
        JobRunner.Plan plan;
        try {
            plan = runners.forJob(job).plan(job);
        } catch (InvalidJobException e) {
            poison(holder, job, e);
            return;
        }
        JobRunner runner = runners.forJob(job);
        if (alreadyFinal(jobId, holder)) {
            return;
        }
        JobLease lease = awaitLease(jobId, holder);
        if (lease == null) {
            return;
        }
        try (lease) {
            if (alreadyFinal(jobId, holder)) {
                return;
            }
            Run run = new Run(job, plan, holder, received);
            run.execute(runner);
        }
    }

    /** Parses the record; null/unreadable/invalid JSON or a missing/unusable job id is poison. */
    private static TrainingJob parse(JobDelivery d) {
        if (d.value() == null || d.value().isBlank()) {
            throw new InvalidJobException("body", "the record has no readable value: a TrainingJob JSON object is expected");
        }
        TrainingJob job;
        try {
            job = Json.read(d.value(), TrainingJob.class);
        } catch (IllegalArgumentException e) {
            throw new InvalidJobException("body", e.getMessage());
        }
        if (job == null) {
            throw new InvalidJobException("body", "the record is JSON null: a TrainingJob JSON object is expected");
        }
        if (job.jobId() == null || job.jobId().isBlank()) {
            if (d.key() != null && ArtifactStore.validJobId(d.key())) {
                job = new TrainingJob(job.schemaVersion(), d.key(), job.sweepId(), job.engine(), job.model(), job.dataset(),
                        job.modelOptions(), job.hyperparameters(), job.seed(), job.limits(), job.submittedAt());
            } else {
                throw new InvalidJobException("jobId", "jobId is missing: give each job a unique id (also its record key)");
            }
        }
        if (!ArtifactStore.validJobId(job.jobId())) {
            throw new InvalidJobException("jobId", "jobId '" + job.jobId() + "' must be 1-128 letters, digits, '.', '_' or '-'");
        }
        if (job.limits().maxEpochs() < 0 || job.limits().maxSeconds() < 0) {
            throw new InvalidJobException("limits", "limits " + job.limits() + " must be ≥ 0 (0 = no limit)");
        }
        return job;
    }

    /** The job id of an unreadable record: its key, else where it sat in the topic. */
    private static String fallbackId(JobDelivery d) {
        if (d.key() != null && !d.key().isBlank()) {
            return d.key();
        }
        return "unkeyed-" + d.describe().replaceAll("[^A-Za-z0-9._-]", "-");
    }

    private void poison(ActiveJob holder, TrainingJob job, InvalidJobException e) {
        for (JobDelivery d : holder.close()) {
            poison(d, job.jobId(), job.sweepId(), e);
        }
    }

    /** FAILED naming the field, then the raw record to the dead-letter topic (which commits it); the consumer goes on. */
    private void poison(JobDelivery d, String jobId, String sweepId, InvalidJobException e) {
        LOG.warnf("job %s (%s) rejected: %s", jobId, d.describe(), e.getMessage());
        metrics.count("rejected");
        long seq = 1;
        if (ArtifactStore.validJobId(jobId)) {
            seq = store.readState(jobId).map(s -> s.sequenceReserved() + 1).orElse(1L);
        }
        JobEvent failed = new JobEvent(SchemaVersion.CURRENT, jobId, sweepId, seq, JobEventType.FAILED, Instant.now(),
                null, null, Map.of(), e.getMessage(), worker());
        try {
            sink.jobEvent(failed).toCompletableFuture().get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception sendFailure) {
            LOG.errorf(sendFailure, "job %s: FAILED event not sent; the record goes to the dead-letter topic anyway", jobId);
        }
        d.reject(e);
    }

    /** A final marker exists: make sure its records reached the broker, acknowledge, and report true. */
    private boolean alreadyFinal(String jobId, ActiveJob holder) {
        var fin = store.readFinal(jobId);
        if (fin.isEmpty()) {
            return false;
        }
        if (!store.isPublished(jobId)) {
            LOG.infof("job %s: final record found unpublished; sending it again (same sequence %d)", jobId,
                    fin.get().event().sequence());
            if (!publish(fin.get())) {
                return true;
            }
            store.markPublished(jobId);
        } else {
            LOG.infof("job %s: redelivered after it ended (%s); nothing to do", jobId, fin.get().event().type());
        }
        ackAll(holder);
        return true;
    }

    private JobLease awaitLease(String jobId, ActiveJob holder) {
        metrics.waiting().incrementAndGet();
        try {
            boolean logged = false;
            while (true) {
                JobLease lease = store.tryLease(jobId);
                if (lease != null) {
                    return lease;
                }
                if (!logged) {
                    LOG.infof("job %s: another trainer holds its lease; waiting", jobId);
                    logged = true;
                }
                if (holder.shuttingDown()) {
                    return null;
                }
                if (store.readFinal(jobId).isPresent() && store.isPublished(jobId)) {
                    ackAll(holder);
                    return null;
                }
                Thread.sleep(config.trainer().leaseRetry().toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            metrics.waiting().decrementAndGet();
        }
    }

    /** Sends a final record (model first, then the event) and waits for the broker; false if it did not get there. */
    private boolean publish(FinalRecord fin) {
        try {
            if (fin.model() != null) {
                sink.modelPublished(fin.model()).toCompletableFuture().get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            sink.jobEvent(fin.event()).toCompletableFuture().get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            LOG.errorf(e, "job %s: final records not acknowledged by the broker; left for redelivery", fin.event().jobId());
            return false;
        }
    }

    private void ackAll(ActiveJob holder) {
        for (JobDelivery d : holder.close()) {
            d.ack();
        }
    }

    private String worker() {
        return config.trainer().instanceId();
    }

    /** One run (or resumption) of a job under its lease. */
    private final class Run implements RunContext {
        final TrainingJob job;
        final JobRunner.Plan plan;
        final ActiveJob holder;
        final long received;
        final Sequencer sequence;
        final long deadline;
        JobState state;
        long lastProgress = Long.MIN_VALUE;
        long lastCheckpoint;
        long nextCancelPoll;
        boolean timedOut;

        Run(TrainingJob job, JobRunner.Plan plan, ActiveJob holder, long received) {
            this.job = job;
            this.plan = plan;
            this.holder = holder;
            this.received = received;
            this.state = store.readState(job.jobId()).orElse(JobState.NEW);
            this.sequence = new Sequencer(state.sequenceReserved(), reserved -> {
                state = state.withSequenceReserved(reserved);
                store.writeState(job.jobId(), state);
            });
            this.lastCheckpoint = Long.MIN_VALUE;
            this.deadline = job.limits().maxSeconds() > 0
                    ? System.nanoTime() + TimeUnit.SECONDS.toNanos(job.limits().maxSeconds()) : Long.MAX_VALUE;
        }

        void execute(JobRunner runner) {
            String jobId = job.jobId();
            if (store.isCancelled(jobId) || holder.cancelRequested()) {
                String reason = holder.cancelRequested() ? holder.cancelReason() : store.cancelReason(jobId);
                finish(event(JobEventType.CANCELLED, null, null, Map.of(), "cancelled before it started: " + reason, Map.of()), null, null);
                return;
            }
            boolean fresh = state.sequenceReserved() == 0;
            if (fresh) {
                send(event(JobEventType.ACCEPTED, null, null, Map.of(), null, plan.attributes()));
                metrics.count("accepted");
            } else {
                metrics.count("resumed");
            }
            JobRunner.Outcome outcome;
            holder.running(true);
            metrics.running().incrementAndGet();
            long finishedAt;
            try {
                outcome = runner.run(plan, this);
                finishedAt = System.nanoTime();
            } catch (TrainingStoppedException e) {
                if (holder.shuttingDown() && !holder.cancelRequested()) {
                    LOG.infof("job %s: stopped by shutdown %s; it resumes from its last checkpoint on the next delivery",
                            jobId, where(e));
                    return;
                }
                if (timedOut) {
                    fail("exceeded limits.maxSeconds " + job.limits().maxSeconds() + " (stopped " + where(e)
                            + "): raise the limit or train for fewer " + (plan.steps() > 0 ? "steps" : "epochs"));
                    return;
                }
                boolean steps = plan.steps() > 0;
                finish(event(JobEventType.CANCELLED, steps ? null : e.epoch(), steps ? (long) e.step() : null,
                        Map.of(), holder.cancelReason() + " (stopped " + where(e) + ")", Map.of()), null, null);
                return;
            } catch (TrainingDivergedException | DataException | ModelFileException | DeepException
                     | IllegalArgumentException e) {
                fail(e.getMessage());
                return;
            } catch (OutOfMemoryError e) {
                fail("out of memory: give the trainer more heap, lower hyperparameters.batch or spacetime.trainer.concurrent-jobs");
                return;
            } catch (java.io.UncheckedIOException e) {
                throw e;   // the artifact store failed: leave the delivery for redelivery, the job is not at fault
            } catch (RuntimeException e) {
                // An engine bug would fail again on every redelivery: end the job with the cause instead.
                LOG.errorf(e, "job %s: the engine failed", jobId);
                fail("internal error in the engine: " + e);
                return;
            } finally {
                holder.running(false);
                metrics.running().decrementAndGet();
            }
            complete(outcome, finishedAt);
        }

        /** "at epoch 3, step 120", or "after step 120" for a run counted in steps. */
        private String where(TrainingStoppedException e) {
            return plan.steps() > 0 ? "after step " + e.step() : "at epoch " + e.epoch() + ", step " + e.step();
        }

        private void fail(String reason) {
            LOG.warnf("job %s failed: %s", job.jobId(), reason);
            finish(event(JobEventType.FAILED, null, null, Map.of(), reason, Map.of()), null, null);
        }

        /** Model artifact, completion marker, ModelPublished + COMPLETED, acknowledgement: in that order. */
        private void complete(JobRunner.Outcome outcome, long finishedAt) {
            String jobId = job.jobId();
            String name = outcome.modelName();
            int version = name.equals(state.modelName()) && state.modelVersion() > 0 ? state.modelVersion()
                    : store.claimModelVersion(name, jobId);
            state = state.withModel(name, version);
            store.writeState(jobId, state);
            Path file = store.modelFile(name, version, outcome.artifactName());
            String sha;
            long size;
            try {
                outcome.model().write(file);
                sha = Digests.sha256(file);
                size = Files.size(file);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("job " + jobId + ": cannot write the model to " + file, e);
            }
            Map<String, Double> m = new LinkedHashMap<>(outcome.metrics());
            m.put("model_version", (double) version);
            String uri = ArtifactStore.modelUri(name, version, outcome.artifactName());
            ModelPublished published = new ModelPublished(SchemaVersion.CURRENT, name, version, jobId,
                    outcome.architecture(), uri, sha, size, outcome.metrics(), Instant.now());
            Map<String, Object> run = new LinkedHashMap<>(outcome.run());
            run.put("job_id", jobId);
            run.put("status", JobEventType.COMPLETED.name());
            run.put("model_name", name);
            run.put("model_version", version);
            run.put("model_uri", uri);
            run.put("model_sha256", sha);
            if (job.sweepId() != null) {
                run.put("sweep_id", job.sweepId());
            }
            JobEvent completed = event(JobEventType.COMPLETED, plan.epochs() > 0 ? plan.epochs() : null,
                    plan.steps() > 0 ? plan.steps() : null, m, null, Map.of());
            if (finish(completed, published, run)) {
                metrics.finishOverhead(System.nanoTime() - finishedAt);
            }
        }

        /** Completion marker, then the records, then the acknowledgement; true when all of it happened. */
        private boolean finish(JobEvent finalEvent, ModelPublished model, Map<String, Object> run) {
            FinalRecord fin = new FinalRecord(finalEvent, model, run);
            store.writeFinal(job.jobId(), fin);
            if (!publish(fin)) {
                return false;
            }
            store.markPublished(job.jobId());
            metrics.count(finalEvent.type().name());
            metrics.jobDuration(System.nanoTime() - received);
            LOG.infof("job %s %s (sequence %d)%s", job.jobId(), finalEvent.type(), finalEvent.sequence(),
                    finalEvent.reason() == null ? "" : ": " + finalEvent.reason());
            ackAll(holder);
            return true;
        }

        private JobEvent event(JobEventType type, Integer epoch, Long step, Map<String, Double> m, String reason,
                Map<String, String> attributes) {
            return new JobEvent(SchemaVersion.CURRENT, job.jobId(), job.sweepId(), sequence.next(), type, Instant.now(),
                    epoch, step, m, reason, worker(), attributes);
        }

        /** Progress events do not wait for the broker (the final event, sent after them on the same key, does). */
        private void send(JobEvent e) {
            sink.jobEvent(e).whenComplete((ok, failure) -> {
                if (failure != null) {
                    LOG.warnf("job %s: %s event %d not sent: %s", e.jobId(), e.type(), e.sequence(), failure.toString());
                }
            });
        }

        // RunContext

        @Override
        public int threads() {
            return TrainerBeans.threadsPerJob(config);
        }

        @Override
        public int resumeEpochs() {
            return state.epochsDone();
        }

        @Override
        public Path checkpointFile() {
            return store.checkpointFile(job.jobId());
        }

        @Override
        public void started(int resumedFrom, Map<String, String> details) {
            Map<String, String> a = new LinkedHashMap<>(plan.attributes());
            a.putAll(details);
            if (resumedFrom > 0) {
                a.put("resumed_from_epoch", Integer.toString(resumedFrom));
                LOG.infof("job %s: resuming from the checkpoint after epoch %d", job.jobId(), resumedFrom);
            }
            send(event(JobEventType.STARTED, resumedFrom > 0 ? resumedFrom : null, null, Map.of(), null, a));
            metrics.startOverhead(System.nanoTime() - received);
        }

        @Override
        public void epochFinished(EpochMetrics em, long steps) {
            long now = System.nanoTime();
            boolean due = lastProgress == Long.MIN_VALUE || em.epoch() >= plan.epochs()
                    || now - lastProgress >= config.trainer().progressInterval().toNanos();
            if (!due) {
                return;
            }
            lastProgress = now;
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("train_loss", em.trainLoss());
            m.put("val_loss", em.valLoss());
            m.put("val_accuracy", em.valAccuracy());
            m.put("epoch_seconds", em.trainSeconds());
            m.put("eval_seconds", em.evalSeconds());
            m.values().removeIf(v -> !Double.isFinite(v));
            send(event(JobEventType.PROGRESS, em.epoch(), steps, m, null, Map.of()));
        }

        @Override
        public void epochCheckpoint(int epoch, JobRunner.CheckpointWriter writer) {
            if (epoch >= plan.epochs()) {
                return;   // the model file follows at once; a checkpoint of the last epoch could never be resumed
            }
            long now = System.nanoTime();
            if (lastCheckpoint != Long.MIN_VALUE && now - lastCheckpoint < config.trainer().checkpointInterval().toNanos()) {
                return;   // rate-limited; the first epoch of a delivery is always checkpointed
            }
            try {
                writer.write(checkpointFile());
            } catch (IOException e) {
                LOG.warnf("job %s: checkpoint after epoch %d not written (%s); training goes on", job.jobId(), epoch, e);
                return;
            }
            lastCheckpoint = System.nanoTime();
            JobEvent e = event(JobEventType.CHECKPOINTED, epoch, null, Map.of(), null, Map.of());
            state = state.withEpochsDone(epoch);
            store.writeState(job.jobId(), state);
            send(e);
        }

        @Override
        public Path jobDir() {
            return store.jobDir(job.jobId());
        }

        @Override
        public void startedAtStep(long resumedFromStep, Map<String, String> details) {
            Map<String, String> a = new LinkedHashMap<>(plan.attributes());
            a.putAll(details);
            if (resumedFromStep > 0) {
                a.put("resumed_from_step", Long.toString(resumedFromStep));
                LOG.infof("job %s: resuming from the engine's checkpoint at step %d", job.jobId(), resumedFromStep);
            }
            send(event(JobEventType.STARTED, null, resumedFromStep > 0 ? resumedFromStep : null, Map.of(), null, a));
            metrics.startOverhead(System.nanoTime() - received);
        }

        @Override
        public void stepsReported(long step, Map<String, Double> reported) {
            long now = System.nanoTime();
            boolean due = lastProgress == Long.MIN_VALUE || step >= plan.steps()
                    || now - lastProgress >= config.trainer().progressInterval().toNanos();
            if (!due) {
                return;
            }
            lastProgress = now;
            Map<String, Double> m = new LinkedHashMap<>(reported);
            m.values().removeIf(v -> v == null || !Double.isFinite(v));
            send(event(JobEventType.PROGRESS, null, step, m, null, Map.of()));
        }

        @Override
        public void stepCheckpointed(long step) {
            send(event(JobEventType.CHECKPOINTED, null, step, Map.of(), null, Map.of()));
        }

        @Override
        public boolean stopRequested() {
            if (holder.cancelRequested() || holder.shuttingDown()) {
                return true;
            }
            long now = System.nanoTime();
            if (now - deadline > 0) {
                timedOut = true;
                return true;
            }
            if (now - nextCancelPoll > 0) {
                nextCancelPoll = now + config.trainer().cancelPollInterval().toNanos();
                if (store.isCancelled(job.jobId())) {
                    holder.cancel(store.cancelReason(job.jobId()));
                    return true;
                }
            }
            return false;
        }

        @Override
        public void log(String line) {
            LOG.info(line);
        }
    }
}
