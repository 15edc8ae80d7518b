package io.berth.agent.kafka;

import io.berth.agent.lifecycle.EventSink;
import io.berth.events.Topics;
import io.berth.events.event.ContainerEvent;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.JsonCas;
import io.berth.events.wire.ContainerActor;
import io.berth.events.wire.Envelope;
import io.berth.events.wire.EnvelopeSerializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;

/**
 * Publishes facts to {@code container-events}, keyed by container id, and waits for the broker's ack (acks=all)
 * so the command's offset is committed only after its facts are durable. Blocking. During a broker outage a
 * fact is never given up on: the idempotent producer keeps it (and every later one, in order) and sends it
 * when a broker is back, however long that takes; the caller waits meanwhile.
 */
public final class KafkaEventSink implements EventSink, AutoCloseable {
    private final KafkaProducer<String, Envelope> producer;
    private final String source;
    private final ConcurrentMap<String, String> records;

    /** {@code records} is the containers map, read to name each event's actor. */
    public KafkaEventSink(String bootstrap, String nodeId, ConcurrentMap<String, String> records) {
        this.source = "/berth/node-agent/" + nodeId;
        this.records = records;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, "berth-agent-" + nodeId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                // no deadline on a fact: an outage of any length delays it, nothing drops it
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.MAX_VALUE,
                ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5_000),
                new StringSerializer(), new EnvelopeSerializer());
    }

    @Override
    public void emit(ContainerEvent event, String correlationId) {
        emit(event, correlationId, JsonCas.get(records, event.containerId(), ContainerRecord.class)
                .map(ContainerActor::of).orElse(null));
    }

    @Override
    public void emit(ContainerEvent event, String correlationId, ContainerActor actor) {
        Envelope envelope = Envelope.of(event, source, correlationId).withActor(actor);
        try {
            producer.send(new ProducerRecord<>(Topics.CONTAINER_EVENTS, event.containerId(), envelope)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + envelope.type()
                    + " of container " + event.containerId(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish " + envelope.type() + " of container "
                    + event.containerId() + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
