package dev.spacetime.contracts;

import java.util.List;

/** Every Kafka topic of the platform, in one place (services, the local stack and the Kubernetes manifests use these). */
public final class Topics {

    /** {@link TrainingJob}s, keyed by job id; trainers share it as one consumer group. */
    public static final String JOBS = "spacetime.jobs";
    /** {@link JobEvent}s, keyed by job id so that one job's events stay in order on one partition. */
    public static final String JOB_EVENTS = "spacetime.job-events";
    /**
     * The model registry's log: {@link ModelPublished} announcements and {@link ModelRetired} retirements, keyed by
     * model name, the type in the header {@link ModelTopicRecord#HEADER}. Retirements share this topic instead of
     * having one of their own because their meaning depends on order: one model's records sit on one partition, so
     * the retirement of version v always comes after v's announcement, and every reader (a replica live, a restarted
     * one replaying from the start, results-service) applies them in the same order and ends in the same state. Two
     * topics have no order between them: a replay could read the retirement before the announcement it retires.
     */
    public static final String MODELS = "spacetime.models";
    /** {@link ControlCommand}s (cancel), keyed by job id; every trainer reads all of them. */
    public static final String CONTROL = "spacetime.control";
    /** Raw job records that could not be parsed or validated, with the reason in a header. */
    public static final String JOBS_DEAD_LETTER = "spacetime.jobs.dlq";
    /** Event records results-service could not store (poison messages), with the reason in a header. */
    public static final String JOB_EVENTS_DEAD_LETTER = "spacetime.job-events.dlq";

    /** Partitions of the job topic: the most trainer replicas that can work at once. */
    public static final int JOB_PARTITIONS = 6;

    public static final List<String> ALL = List.of(JOBS, JOB_EVENTS, MODELS, CONTROL, JOBS_DEAD_LETTER, JOB_EVENTS_DEAD_LETTER);

    private Topics() {
    }

    /** Partitions to create for a topic (the job topic is wide so that trainers scale out; the rest need fewer). */
    public static int partitions(String topic) {
        return switch (topic) {
            case JOBS, JOB_EVENTS -> JOB_PARTITIONS;
            default -> 1;
        };
    }
}
