package io.berth.gateway.bus;

import io.berth.gateway.metrics.GatewayMeters;
import io.berth.events.Topics;
import io.berth.events.command.ContainerCommand;
import io.berth.events.wire.Envelope;
import io.berth.events.wire.EnvelopeSerializer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** Publishes container commands to {@code container-commands}, keyed by container id, acknowledged by all replicas. */
public final class CommandBus {
    private final Vertx vertx;
    private final KafkaProducer<String, Envelope> producer;
    private final String source;
    private final GatewayMeters meters;

    public CommandBus(Vertx vertx, String bootstrap, String instanceId, GatewayMeters meters) {
        this.vertx = vertx;
        this.meters = meters;
        this.source = "/berth/gateway/" + instanceId;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "berth-gateway-" + instanceId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // send() blocks while it has no metadata; keep that bounded, it runs on a worker thread
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EnvelopeSerializer.class.getName());
        this.producer = new KafkaProducer<>(p);
    }

    /** The envelope a command will travel in; register waiters on its id before {@link #publish}. */
    public Envelope envelope(ContainerCommand command) {
        return Envelope.of(command, source, null);
    }

    /** Completes once the broker has the command. */
    public Future<Void> publish(Envelope envelope) {
        return vertx.executeBlocking(() -> {
            producer.send(new ProducerRecord<>(Topics.CONTAINER_COMMANDS, envelope.data().containerId(), envelope))
                    .get(30, TimeUnit.SECONDS);
            meters.published(envelope.type());
            return null;
        }, false);
    }

    /** Blocking. */
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
