package io.berth.scheduler.kafka;

import io.berth.events.Topics;
import io.berth.events.wire.Envelope;
import io.berth.events.wire.EnvelopeSerializer;
import io.berth.scheduler.routing.Outbox;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The outbox on Kafka, acks=all and idempotent, batched per poll: events are sent as they come, forwards are
 * held until {@link #flush}, which waits for the events, then sends and waits for the forwards. So a node agent
 * never sees a create before the gateway could see it scheduled, and one broker round trip serves a whole batch
 * instead of two per command. Thread-safe: the consumer's workers emit side by side.
 */
public final class KafkaOutbox implements Outbox, AutoCloseable {
    private final KafkaProducer<String, Envelope> producer;
    private final List<Future<RecordMetadata>> inFlight = new ArrayList<>();
    private final List<ProducerRecord<String, Envelope>> heldForwards = new ArrayList<>();

    public KafkaOutbox(String bootstrap, String clientId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // flush() sends at once; a linger would only delay a lone create
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EnvelopeSerializer.class.getName());
        this.producer = new KafkaProducer<>(props);
    }

    @Override
    public synchronized void emit(Envelope event) {
        inFlight.add(producer.send(new ProducerRecord<>(Topics.CONTAINER_EVENTS, event.subject(), event)));
    }

    @Override
    public synchronized void forward(String nodeId, Envelope command) {
        heldForwards.add(new ProducerRecord<>(Topics.NODE_COMMANDS, nodeId, command));
    }

    @Override
    public synchronized void flush() {
        awaitInFlight();
        for (ProducerRecord<String, Envelope> record : heldForwards) {
            inFlight.add(producer.send(record));
        }
        heldForwards.clear();
        awaitInFlight();
    }

    private void awaitInFlight() {
        try {
            producer.flush();
            for (Future<RecordMetadata> sent : inFlight) {
                sent.get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending", e);
        } catch (ExecutionException | TimeoutException e) {
            heldForwards.clear();
            throw new IllegalStateException("could not send to Kafka: " + e.getMessage(), e);
        } finally {
            inFlight.clear();
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
