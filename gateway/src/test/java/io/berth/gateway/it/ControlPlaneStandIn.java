package io.berth.gateway.it;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.berth.events.Maps;
import io.berth.events.Topics;
import io.berth.events.command.CreateContainer;
import io.berth.events.command.RemoveContainer;
import io.berth.events.command.StartContainer;
import io.berth.events.command.StopContainer;
import io.berth.events.event.ContainerDied;
import io.berth.events.event.ContainerRemoved;
import io.berth.events.event.ContainerScheduled;
import io.berth.events.event.ContainerStarted;
import io.berth.events.event.ContainerUnschedulable;
import io.berth.events.event.ContainerEvent;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.JsonCas;
import io.berth.events.wire.Envelope;
import io.berth.events.wire.EnvelopeDeserializer;
import io.berth.events.wire.EnvelopeSerializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Plays scheduler and node agent for the gateway's round trip over the real broker: answers each command
 * with the facts docs/lifecycle.md names, correlated to it, and updates the record as they would.
 */
final class ControlPlaneStandIn implements AutoCloseable {
    private final KafkaConsumer<String, Envelope> consumer;
    private final KafkaProducer<String, Envelope> producer;
    private final IMap<String, String> containers;
    private final Thread thread;
    private volatile boolean running = true;

    ControlPlaneStandIn(String bootstrap, HazelcastInstance hazelcast) {
        consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap, "group.id", "stand-in",
                "auto.offset.reset", "earliest"), new StringDeserializer(), new EnvelopeDeserializer());
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all"),
                new StringSerializer(), new EnvelopeSerializer());
        containers = hazelcast.getMap(Maps.CONTAINERS);
        consumer.subscribe(List.of(Topics.CONTAINER_COMMANDS));
        thread = new Thread(this::loop, "control-plane-stand-in");
        thread.start();
    }

    private void loop() {
        while (running) {
            for (ConsumerRecord<String, Envelope> r : consumer.poll(Duration.ofMillis(200))) {
                answer(r.value());
            }
        }
        consumer.close();
    }

    private void answer(Envelope cmd) {
        String now = Instant.now().toString();
        if (cmd.data() instanceof CreateContainer c) {
            if (c.spec().labels().containsKey("unschedulable")) {
                emit(new ContainerUnschedulable(c.containerId(), "no node has 64 GiB free"), cmd);
                return;
            }
            JsonCas.update(containers, c.containerId(), ContainerRecord.class, rec -> rec.withNode("node-t"));
            emit(new ContainerScheduled(c.containerId(), "node-t"), cmd);
        } else if (cmd.data() instanceof StartContainer s) {
            JsonCas.update(containers, s.containerId(), ContainerRecord.class, rec -> rec.running(4321, now));
            emit(new ContainerStarted(s.containerId(), "node-t", 4321), cmd);
        } else if (cmd.data() instanceof StopContainer s) {
            JsonCas.update(containers, s.containerId(), ContainerRecord.class, rec -> rec.exited(143, false, now));
            emit(new ContainerDied(s.containerId(), "node-t", 143, false), cmd);
        } else if (cmd.data() instanceof RemoveContainer rm) {
            containers.delete(rm.containerId());
            emit(new ContainerRemoved(rm.containerId(), "node-t"), cmd);
        }
    }

    private void emit(ContainerEvent event, Envelope cause) {
        producer.send(new ProducerRecord<>(Topics.CONTAINER_EVENTS, event.containerId(),
                Envelope.of(event, "/test/stand-in", cause.id())));
        producer.flush();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
        producer.close();
    }
}
