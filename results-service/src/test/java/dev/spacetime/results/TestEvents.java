package dev.spacetime.results;

import dev.spacetime.contracts.JobEvent;
import dev.spacetime.contracts.JobEventType;
import dev.spacetime.contracts.Json;
import dev.spacetime.contracts.Topics;
import dev.spacetime.stack.StackTestResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Builds job events the way the trainer emits them, sends them, and counts rows. Job ids are unique per test. */
public final class TestEvents {

    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    private TestEvents() {
    }

    public static String uid(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static Map<String, String> attributes(String model, String dataset, long seed, String sweep, String... kv) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("model", model);
        a.put("dataset", dataset);
        a.put("engine", "simd");
        a.put("seed", Long.toString(seed));
        if (sweep != null) {
            a.put("sweep", sweep);
        }
        for (int i = 0; i + 1 < kv.length; i += 2) {
            a.put(kv[i], kv[i + 1]);
        }
        return a;
    }

    public static JobEvent event(String job, String sweep, long seq, JobEventType type, Integer epoch, Long step,
                                 Map<String, Double> metrics, String reason, Map<String, String> attributes) {
        return new JobEvent(1, job, sweep, seq, type, T0.plusMillis(seq * 100), epoch, step, metrics, reason,
                "trainer-0", attributes);
    }

    public static JobEvent accepted(String job, String sweep, Map<String, String> attributes) {
        return event(job, sweep, 1, JobEventType.ACCEPTED, null, null, Map.of(), null, attributes);
    }

    public static JobEvent started(String job, String sweep, long seq, Map<String, String> attributes) {
        return event(job, sweep, seq, JobEventType.STARTED, null, null, Map.of(), null, attributes);
    }

    public static JobEvent progress(String job, String sweep, long seq, int epoch, double trainLoss, double valAccuracy) {
        return event(job, sweep, seq, JobEventType.PROGRESS, epoch, (long) epoch * 100, Map.of("train_loss", trainLoss,
                "val_loss", trainLoss * 1.1, "val_accuracy", valAccuracy, "epoch_seconds", 0.5), null, null);
    }

    public static JobEvent completed(String job, String sweep, long seq, Map<String, Double> metrics) {
        return event(job, sweep, seq, JobEventType.COMPLETED, null, null, metrics, null, null);
    }

    /** A whole successful run: ACCEPTED, STARTED, one PROGRESS per epoch, COMPLETED (2 + epochs + 1 events). */
    public static List<JobEvent> run(String job, String sweep, Map<String, String> attributes, int epochs,
                                     Map<String, Double> finals) {
        List<JobEvent> events = new java.util.ArrayList<>();
        events.add(accepted(job, sweep, attributes));
        events.add(started(job, sweep, 2, attributes));
        for (int e = 1; e <= epochs; e++) {
            events.add(progress(job, sweep, 2 + e, e, 1.0 / e, 0.5 + 0.04 * e));
        }
        events.add(completed(job, sweep, 3 + epochs, finals));
        return events;
    }

    public static void send(List<JobEvent> events) {
        try (KafkaProducer<String, String> p = StackTestResource.producer()) {
            for (JobEvent e : events) {
                p.send(new ProducerRecord<>(Topics.JOB_EVENTS, e.jobId(), Json.write(e)));
            }
            p.flush();
        }
    }

    public static void send(JobEvent... events) {
        send(List.of(events));
    }

    public static long count(String sql, Object... params) throws SQLException {
        try (Connection c = StackTestResource.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public static long rows(String table, String jobId) {
        try {
            return count("SELECT count(*) FROM results." + table + " WHERE job_id = ?", jobId);
        } catch (SQLException e) {
            return -1;
        }
    }

    /** The first column of the first row, or null. */
    public static Object value(String sql, Object... params) throws SQLException {
        try (Connection c = StackTestResource.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        }
    }
}
