package dev.spacetime.e2e;

import dev.spacetime.contracts.JobEvent;
import dev.spacetime.contracts.JobEventType;
import dev.spacetime.contracts.Json;
import dev.spacetime.contracts.ModelPublished;
import dev.spacetime.contracts.Topics;
import dev.spacetime.stack.KafkaClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the trainer wrote to Kafka for a sweep, read back from the topics themselves: the ground truth the database and
 * the services' answers are checked against.
 *
 * @param events per job id, its events by sequence number
 * @param models per job id, the model its completion announced
 */
record SweepRecords(Map<String, TreeMap<Long, JobEvent>> events, Map<String, ModelPublished> models) {

    /** Reads both topics from the beginning until every job has a final event and a model announcement. */
    static SweepRecords read(String bootstrap, Set<String> jobIds, Duration timeout) {
        KafkaClients.Read ev = KafkaClients.readUntil(bootstrap, Topics.JOB_EVENTS,
                seen -> finalJobs(events(seen, jobIds)).containsAll(jobIds), timeout);
        Map<String, TreeMap<Long, JobEvent>> events = events(ev.records(), jobIds);
        if (ev.timedOut()) {
            throw new AssertionError("not every job of " + jobIds + " reached a final event on " + Topics.JOB_EVENTS
                    + " within " + timeout.toSeconds() + " s; final so far: " + finalJobs(events));
        }
        KafkaClients.Read mo = KafkaClients.readUntil(bootstrap, Topics.MODELS,
                seen -> models(seen, jobIds).keySet().containsAll(jobIds), timeout);
        Map<String, ModelPublished> models = models(mo.records(), jobIds);
        if (mo.timedOut()) {
            throw new AssertionError("not every job of " + jobIds + " announced a model on " + Topics.MODELS + " within "
                    + timeout.toSeconds() + " s; announced: " + models.keySet());
        }
        return new SweepRecords(events, models);
    }

    /** The COMPLETED event of a job. */
    JobEvent completed(String jobId) {
        return events.get(jobId).values().stream().filter(e -> e.type() == JobEventType.COMPLETED).findFirst()
                .orElseThrow(() -> new AssertionError(jobId + " has no COMPLETED event: " + events.get(jobId).values()));
    }

    private static Map<String, TreeMap<Long, JobEvent>> events(List<ConsumerRecord<String, String>> records,
            Set<String> jobIds) {
        return records.stream().filter(r -> jobIds.contains(r.key()))
                .map(r -> Json.read(r.value(), JobEvent.class))
                .collect(Collectors.groupingBy(JobEvent::jobId, TreeMap::new,
                        Collectors.toMap(JobEvent::sequence, e -> e, SweepRecords::sameEvent, TreeMap::new)));
    }

    private static Set<String> finalJobs(Map<String, TreeMap<Long, JobEvent>> events) {
        Predicate<JobEvent> fin = e -> e.type().isFinal();
        return events.entrySet().stream().filter(j -> j.getValue().values().stream().anyMatch(fin))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    private static Map<String, ModelPublished> models(List<ConsumerRecord<String, String>> records, Set<String> jobIds) {
        return records.stream().map(r -> Json.read(r.value(), ModelPublished.class))
                .filter(m -> jobIds.contains(m.jobId()))
                .collect(Collectors.toMap(ModelPublished::jobId, m -> m, SweepRecords::sameModel));
    }

    /** A redelivered event has the same sequence number and must be the same event. */
    private static JobEvent sameEvent(JobEvent a, JobEvent b) {
        if (a.type() != b.type()) {
            throw new AssertionError("job " + a.jobId() + " has two events with sequence " + a.sequence() + ": "
                    + a.type() + " and " + b.type());
        }
        return a;
    }

    private static ModelPublished sameModel(ModelPublished a, ModelPublished b) {
        if (a.version() != b.version() || !a.sha256().equals(b.sha256())) {
            throw new AssertionError("job " + a.jobId() + " announced two models: " + a + " and " + b);
        }
        return a;
    }
}
