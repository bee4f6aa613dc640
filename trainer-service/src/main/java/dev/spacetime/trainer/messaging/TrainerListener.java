package dev.spacetime.trainer.messaging;

import dev.spacetime.contracts.ControlCommand;
import dev.spacetime.contracts.JobEvent;
import dev.spacetime.contracts.Json;
import dev.spacetime.trainer.service.CancelService;
import dev.spacetime.trainer.service.JobDispatcher;
import dev.spacetime.trainer.service.JobStatusView;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/** The trainer's Kafka inputs; the logic lives in the service classes. */
@ApplicationScoped
public class TrainerListener {

    private static final Logger LOG = Logger.getLogger(TrainerListener.class);

    private final JobDispatcher dispatcher;
    private final CancelService cancels;
    private final JobStatusView view;

    public TrainerListener(JobDispatcher dispatcher, CancelService cancels, JobStatusView view) {
        this.dispatcher = dispatcher;
        this.cancels = cancels;
        this.view = view;
    }

    /**
     * Job records (group {@code spacetime-trainers}, shared by the replicas). The returned stage completes when the
     * job holds a worker slot, not when it ends: Reactive Messaging asks for the next record only then (back-pressure
     * to pool capacity) while the connector keeps polling. The record is acknowledged when the job reaches a final
     * state, and the throttled commit strategy commits offsets only up to the oldest record not yet acknowledged; so
     * a trainer that dies mid-job leaves its record uncommitted and Kafka delivers it again.
     */
    @Incoming("jobs")
    public CompletionStage<Void> onJob(Message<String> record) {
        return dispatcher.dispatch(new KafkaJobDelivery(record));
    }

    /** Control commands (a group of this instance's own, so every instance sees every cancel). Touches files: blocking. */
    @Incoming("control")
    @Blocking
    public void onControl(String payload) {
        if (payload == null) {
            return;
        }
        try {
            cancels.apply(Json.read(payload, ControlCommand.class));
        } catch (IllegalArgumentException e) {
            LOG.warnf("ignoring an unreadable control command: %s", e.getMessage());
        }
    }

    /** Job events from every trainer, from the beginning of the topic: the status view behind GET /jobs/{id}. */
    @Incoming("job-events-in")
    public void onJobEvent(String payload) {
        if (payload == null) {
            return;
        }
        try {
            view.apply(Json.read(payload, JobEvent.class));
        } catch (IllegalArgumentException e) {
            LOG.debugf("ignoring an unreadable job event: %s", e.getMessage());
        }
    }
}
