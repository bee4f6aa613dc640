package dev.spacetime.inference.messaging;

import dev.spacetime.contracts.Topics;
import dev.spacetime.inference.config.InferenceConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Whether this instance has rebuilt its registry: it reads the models topic from the start, and is caught up once it
 * has processed every record that was on the topic when it started (the end offsets taken at start-up). Readiness
 * waits for that, so a new replica takes no traffic before it knows the models its peers serve. At start-up it also
 * makes sure the dead-letter topic exists (the broker may not auto-create topics).
 */
@ApplicationScoped
public class ModelTopicProgress {

    private static final Logger LOG = Logger.getLogger(ModelTopicProgress.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(5);

    /** Readiness view: caught up or not, and why. */
    public record State(boolean caughtUp, String detail) {
    }

    private final KafkaAdmin admin;
    private final String deadLetterTopic;
    private final Map<Integer, Long> next = new ConcurrentHashMap<>();
    private volatile Map<Integer, Long> targets;
    private volatile boolean caughtUp;
    private volatile String lastError = "not asked yet";

    public ModelTopicProgress(KafkaAdmin admin, InferenceConfig config) {
        this.admin = admin;
        this.deadLetterTopic = config.inference().deadLetterTopic();
    }

    void onStart(@Observes StartupEvent ev) {
        Thread.ofVirtual().name("models-topic-startup").start(() -> {
            try {
                if (admin.ensureTopic(deadLetterTopic, ADMIN_TIMEOUT)) {
                    LOG.infof("created the dead-letter topic %s", deadLetterTopic);
                }
            } catch (Exception e) {
                LOG.warnf("cannot make sure the dead-letter topic %s exists (%s); poison records will not reach it until it does",
                        deadLetterTopic, e.toString());
            }
            fetchTargets();
        });
    }

    /** The listener finished (loaded, refused or dead-lettered) the record at this offset. */
    void processed(int partition, long offset) {
        next.merge(partition, offset + 1, Math::max);
    }

    public State state() {
        if (caughtUp) {
            return new State(true, "caught up with " + Topics.MODELS + " as of start-up " + targets);
        }
        Map<Integer, Long> t = targets != null ? targets : fetchTargets();
        if (t == null) {
            return new State(false, "end offsets of " + Topics.MODELS + " unknown: " + lastError);
        }
        for (Map.Entry<Integer, Long> e : t.entrySet()) {
            long done = next.getOrDefault(e.getKey(), 0L);
            if (done < e.getValue()) {
                return new State(false, "replaying " + Topics.MODELS + ": partition " + e.getKey() + " at offset " + done
                        + " of " + e.getValue());
            }
        }
        caughtUp = true;
        return new State(true, "caught up with " + Topics.MODELS + " as of start-up " + t);
    }

    private synchronized Map<Integer, Long> fetchTargets() {
        if (targets == null) {
            try {
                targets = Map.copyOf(admin.endOffsets(Topics.MODELS, ADMIN_TIMEOUT));
                LOG.infof("replaying %s up to the end offsets %s", Topics.MODELS, targets);
            } catch (Exception e) {
                lastError = e.toString();
                LOG.debugf("cannot read the end offsets of %s: %s", Topics.MODELS, lastError);
            }
        }
        return targets;
    }
}
