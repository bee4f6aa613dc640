package dev.spacetime.trainer;

import dev.spacetime.contracts.EngineKind;
import dev.spacetime.contracts.JobEvent;
import dev.spacetime.contracts.JobEventType;
import dev.spacetime.contracts.Json;
import dev.spacetime.contracts.SchemaVersion;
import dev.spacetime.contracts.Topics;
import dev.spacetime.contracts.TrainingJob;
import dev.spacetime.stack.StackTestResource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Jobs and their events on the real broker, for the tests. */
public final class TestJobs {

    public static final Duration TIMEOUT = Duration.ofSeconds(90);

    private TestJobs() {
    }

    public static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static TrainingJob job(String id, String model, String dataset, Map<String, String> options,
            Map<String, String> hyper) {
        return new TrainingJob(SchemaVersion.CURRENT, id, null, EngineKind.SIMD, model, dataset, options, hyper, 7,
                null, Instant.now());
    }

    public static TrainingJob chunked(String id, String model, String dataset, Map<String, String> options,
            Map<String, String> hyper) {
        return new TrainingJob(SchemaVersion.CURRENT, id, null, EngineKind.CHUNKED_DISK, model, dataset, options, hyper, 7,
                null, Instant.now());
    }

    public static TrainingJob deep(String id, Map<String, String> options, Map<String, String> hyper) {
        return chunked(id, "deep", "mnist", options, hyper);
    }

    /**
     * A tiny chunked-disk job: 200 layers of width 4 in compute chunks of 7 (29 chunks, the last one short), 30 steps
     * of 32 MNIST images, a report and a checkpoint every 10 steps. A second or two.
     */
    public static TrainingJob tinyDeep(String id) {
        return deep(id, Map.of("layers", "200", "width", "4", "chunk-layers", "7"), Map.of("steps", "30", "batch", "32",
                "report-every", "10", "checkpoint-every", "10", "head-lr", "0.05", "layer-lr", "0.01"));
    }

    /** A small Iris job: a few milliseconds per epoch. */
    public static TrainingJob iris(String id, int epochs) {
        return job(id, "iris", "iris", Map.of(), Map.of("epochs", Integer.toString(epochs), "latency-calls", "200"));
    }

    /**
     * A job that runs for minutes unless stopped: a wide MLP on Iris, one row per step; metrics every 20 epochs
     * (~0.1 s) so that events and checkpoints stay few.
     */
    public static TrainingJob longJob(String id) {
        return job(id, "mlp", "iris", Map.of("layers", "4,256,256,3"), Map.of("epochs", "100000", "batch", "1",
                "optimizer", "sgd", "lr", "0.01", "record-every", "20", "latency-calls", "0"));
    }

    public static RecordMetadata produce(TrainingJob job) {
        return StackTestResource.produce(Topics.JOBS, job.jobId(), Json.write(job));
    }

    public static List<JobEvent> eventsOf(List<ConsumerRecord<String, String>> records, String jobId) {
        return records.stream().filter(r -> jobId.equals(r.key())).map(r -> Json.read(r.value(), JobEvent.class)).toList();
    }

    /** The job's events, in topic order, once {@code done} holds for them. */
    public static List<JobEvent> awaitEvents(String jobId, Predicate<List<JobEvent>> done) {
        return eventsOf(StackTestResource.consumeUntil(Topics.JOB_EVENTS, rs -> done.test(eventsOf(rs, jobId)), TIMEOUT), jobId);
    }

    public static List<JobEvent> awaitFinal(String jobId) {
        return awaitEvents(jobId, es -> es.stream().anyMatch(e -> e.type().isFinal()));
    }

    public static List<JobEvent> awaitType(String jobId, JobEventType type) {
        return awaitEvents(jobId, es -> es.stream().anyMatch(e -> e.type() == type));
    }

    public static long count(List<JobEvent> events, JobEventType type) {
        return events.stream().filter(e -> e.type() == type).count();
    }

    public static JobEvent last(List<JobEvent> events) {
        return events.getLast();
    }
}
