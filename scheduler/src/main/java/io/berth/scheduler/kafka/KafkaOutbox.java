package io.berth.scheduler.kafka;

import io.berth.events.Topics;
import io.berth.events.wire.Envelope;
import io.berth.events.wire.EnvelopeSerializer;
import io.berth.scheduler.routing.Outbox;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The outbox on Kafka: acks=all and idempotent, and each send waits for the broker so offsets commit after it. */
public final class KafkaOutbox implements Outbox, AutoCloseable {
    private final KafkaProducer<String, Envelope> producer;

    public KafkaOutbox(String bootstrap, String clientId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EnvelopeSerializer.class.getName());
        this.producer = new KafkaProducer<>(props);
    }

    @Override
    public void emit(Envelope event) {
        send(new ProducerRecord<>(Topics.CONTAINER_EVENTS, event.subject(), event));
    }

    @Override
    public void forward(String nodeId, Envelope command) {
        send(new ProducerRecord<>(Topics.NODE_COMMANDS, nodeId, command));
    }

    private void send(ProducerRecord<String, Envelope> record) {
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted sending " + record.value().type() + " to " + record.topic(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not send " + record.value().type() + " " + record.value().id()
                    + " to " + record.topic() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
