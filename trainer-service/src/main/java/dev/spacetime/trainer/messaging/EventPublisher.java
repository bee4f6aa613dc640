package dev.spacetime.trainer.messaging;

import dev.spacetime.contracts.ControlCommand;
import dev.spacetime.contracts.JobEvent;
import dev.spacetime.contracts.Json;
import dev.spacetime.contracts.ModelPublished;
import dev.spacetime.contracts.Topics;
import dev.spacetime.contracts.TrainingJob;
import dev.spacetime.trainer.service.CommandSink;
import dev.spacetime.trainer.service.EventSink;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Everything the trainer writes to Kafka, as JSON text keyed by job id (models by model name). Each stage completes
 * when the broker acknowledged the record ({@code acks=all}, idempotent producer, so one job's events keep their
 * order on their partition).
 */
@ApplicationScoped
public class EventPublisher implements EventSink, CommandSink {

    private static final Logger LOG = Logger.getLogger(EventPublisher.class);

    private final MutinyEmitter<String> events;
    private final MutinyEmitter<String> models;
    private final MutinyEmitter<String> jobs;
    private final MutinyEmitter<String> control;
    private final KafkaClientService clients;

    public EventPublisher(@Channel("job-events") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            MutinyEmitter<String> events,
            @Channel("models") MutinyEmitter<String> models,
            @Channel("jobs-out") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048) MutinyEmitter<String> jobs,
            @Channel("control-out") MutinyEmitter<String> control,
            KafkaClientService clients) {
        this.events = events;
        this.models = models;
        this.jobs = jobs;
        this.control = control;
        this.clients = clients;
    }

    @Override
    public CompletionStage<Void> jobEvent(JobEvent event) {
        return send(events, event.jobId(), null, Json.write(event));
    }

    @Override
    public CompletionStage<Void> modelPublished(ModelPublished model) {
        return send(models, model.modelName(), null, Json.write(model));
    }

    @Override
    public CompletionStage<Void> submit(TrainingJob job, Integer partition) {
        return send(jobs, job.jobId(), partition, Json.write(job));
    }

    @Override
    public CompletionStage<Void> control(ControlCommand command) {
        return send(control, command.jobId(), null, Json.write(command));
    }

    @Override
    public CompletionStage<Integer> jobPartitions() {
        try {
            return clients.<String, String>getProducer("jobs-out").partitionsFor(Topics.JOBS)
                    .map(List -> List.size())
                    .ifNoItem().after(Duration.ofSeconds(10)).fail()
                    .onFailure().recoverWithItem(e -> {
                        LOG.warnf("partitions of %s unknown (%s); assuming %d", Topics.JOBS, e, Topics.partitions(Topics.JOBS));
                        return Topics.partitions(Topics.JOBS);
                    })
                    .subscribeAsCompletionStage();
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(Topics.partitions(Topics.JOBS));
        }
    }

    private static CompletionStage<Void> send(MutinyEmitter<String> emitter, String key, Integer partition, String json) {
        OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<String> meta =
                OutgoingKafkaRecordMetadata.<String>builder().withKey(key);
        if (partition != null) {
            meta = meta.withPartition(partition);
        }
        return emitter.sendMessage(Message.of(json).addMetadata(meta.build())).subscribeAsCompletionStage();
    }
}
