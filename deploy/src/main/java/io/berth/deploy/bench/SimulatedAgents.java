package io.berth.deploy.bench;

import io.berth.events.Json;
import io.berth.events.Topics;
import io.berth.events.command.CreateContainer;
import io.berth.events.event.ContainerCreated;
import io.berth.events.state.Capacity;
import io.berth.events.state.JsonCas;
import io.berth.events.state.NodeRecord;
import io.berth.events.state.NodeState;
import io.berth.events.wire.Envelope;
import io.berth.events.wire.MessageTypes;
import io.berth.events.wire.EnvelopeSerializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many node agents in one thread pair, for the placement benchmark: each node's record is written and
 * heartbeated every second through the same compare-and-set the real agent uses (so it races the scheduler's
 * reservations), and every create forwarded on {@code node-commands} is answered at once with
 * {@code ContainerCreated}: no process is started. A create is read with {@link RecordPeek} (its id and subject),
 * not decoded: the bench's agents must not eat the CPU the scheduler is measured on.
 */
final class SimulatedAgents implements AutoCloseable {
    private static final String CREATE = MessageTypes.typeOf(CreateContainer.class);
    private final ConcurrentMap<String, String> nodes;
    private final List<String> ids;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, Envelope> producer;
    private final Thread heartbeats;
    private final Thread answers;
    private final AtomicLong created = new AtomicLong();
    private volatile boolean stopping;

    SimulatedAgents(String bootstrap, ConcurrentMap<String, String> nodes, int count, Capacity each) {
        this.nodes = nodes;
        this.ids = java.util.stream.IntStream.range(0, count).mapToObj(i -> String.format("sim-%04d", i)).toList();
        long now = System.currentTimeMillis();
        for (String id : ids) {
            nodes.put(id, Json.write(new NodeRecord(id, "127.0.0.1:1", each, Capacity.ZERO,
                    Map.of("rack", "r" + (id.hashCode() & 7)), now, NodeState.READY, 2, "sim")));
        }
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-agents", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000"), new StringDeserializer(), new ByteArrayDeserializer());
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, "2",
                ProducerConfig.CLIENT_ID_CONFIG, "bench-agents"), new StringSerializer(), new EnvelopeSerializer());
        heartbeats = new Thread(this::heartbeat, "bench-heartbeats");
        answers = new Thread(this::answer, "bench-agents");
    }

    /** Starts heartbeating and answering; returns once the command consumer holds its partitions. */
    void start() throws InterruptedException {
        heartbeats.start();
        consumer.subscribe(List.of(Topics.NODE_COMMANDS));
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(100));
        }
        answers.start();
    }

    long created() {
        return created.get();
    }

    private void heartbeat() {
        while (!stopping) {
            long started = System.currentTimeMillis();
            for (String id : ids) {
                JsonCas.update(nodes, id, NodeRecord.class, n -> n.heartbeat(n.address(), n.capacity(), n.labels(),
                        System.currentTimeMillis(), n.cgroupVersion(), n.kernelVersion()));
            }
            sleep(Math.max(0, 1000 - (System.currentTimeMillis() - started)));
        }
    }

    private void answer() {
        try {
            while (!stopping) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    RecordPeek create = r.value() == null ? null : RecordPeek.of(r.value());
                    if (create != null && CREATE.equals(create.type())) {
                        Envelope event = Envelope.of(new ContainerCreated(create.subject(), r.key()),
                                "/berth/agent/" + r.key(), create.id());
                        producer.send(new ProducerRecord<>(Topics.CONTAINER_EVENTS, event.subject(), event));
                        created.incrementAndGet();
                    }
                }
            }
        } catch (WakeupException e) {
            // stopping
        } finally {
            consumer.close();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        consumer.wakeup();
        answers.join(10_000);
        heartbeats.join(10_000);
        producer.close();
    }
}
