package io.berth.scheduler.kafka;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.berth.events.testing.TestBroker;
import io.berth.events.Json;
import io.berth.events.Maps;
import io.berth.events.Topics;
import io.berth.events.command.CreateContainer;
import io.berth.events.command.StartContainer;
import io.berth.events.event.CommandFailed;
import io.berth.events.event.ContainerRemoved;
import io.berth.events.event.ContainerScheduled;
import io.berth.events.event.ContainerUnschedulable;
import io.berth.events.spec.ContainerSpec;
import io.berth.events.spec.Resources;
import io.berth.events.state.Capacity;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.JsonCas;
import io.berth.events.state.NodeRecord;
import io.berth.events.state.NodeState;
import io.berth.events.wire.Envelope;
import io.berth.events.wire.EnvelopeDeserializer;
import io.berth.events.wire.EnvelopeSerializer;
import io.berth.scheduler.Scheduler;
import io.berth.scheduler.SchedulerConfig;
import io.berth.scheduler.state.StateRecovery;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The scheduler on a real KRaft broker and a real Hazelcast member: commands in, events and forwards out. */
class SchedulerOnKafkaTest {
    private static final long GIB = 1024L * 1024 * 1024;
    @TempDir
    static Path dir;
    private static TestBroker broker;
    private static HazelcastInstance hazelcast;
    private static Vertx vertx;
    private static Scheduler scheduler;
    private static KafkaProducer<String, Envelope> producer;
    private static KafkaConsumer<String, Envelope> reader;
    private static final List<ConsumerRecord<String, Envelope>> unseen = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        broker = new TestBroker(dir.resolve("kafka"));
        broker.createTopics(List.of(Topics.CONTAINER_COMMANDS, Topics.NODE_COMMANDS, Topics.CONTAINER_EVENTS,
                Topics.CONTAINER_STATE, Topics.VOLUME_STATE), 3);
        hazelcast = Hazelcast.newHazelcastInstance(hazelcastConfig());
        vertx = Vertx.vertx();
        scheduler = new Scheduler(vertx, new SchedulerConfig(broker.bootstrap(), "it", 10_000), hazelcast);
        scheduler.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertTrue(scheduler.awaitReady(Duration.ofSeconds(60)), "consumers never got their partitions");
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new EnvelopeSerializer());
        reader = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()),
                new StringDeserializer(), new EnvelopeDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.CONTAINER_EVENTS, Topics.NODE_COMMANDS)) {
            for (int p = 0; p < 3; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
        }
        reader.assign(partitions);
        reader.seekToBeginning(partitions);
    }

    @AfterAll
    static void stop() throws Exception {
        if (scheduler != null) {
            scheduler.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
        if (reader != null) {
            reader.close();
        }
        if (producer != null) {
            producer.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (hazelcast != null) {
            hazelcast.shutdown();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void createIsScheduledForwardedAndReleasedOnRemoval() throws Exception {
        Map<String, String> nodes = hazelcast.getMap(Maps.NODES);
        nodes.put("n1", Json.write(new NodeRecord("n1", "127.0.0.1:1", new Capacity(4_000_000_000L, 8 * GIB, 0),
                Capacity.ZERO, Map.of(), System.currentTimeMillis() + 60_000, NodeState.READY, 1, "6.1")));

        String id = newId();
        Envelope create = accept(id, 2);
        Envelope scheduled = next(r -> r.topic().equals(Topics.CONTAINER_EVENTS) && id.equals(r.key())).value();
        assertEquals(new ContainerScheduled(id, "n1"), scheduled.data());
        assertEquals(create.id(), scheduled.correlationId());
        assertEquals("/berth/scheduler/it", scheduled.source().toString());
        ConsumerRecord<String, Envelope> forwarded = next(r -> r.topic().equals(Topics.NODE_COMMANDS)
                && r.value().id().equals(create.id()));
        assertEquals("n1", forwarded.key());
        assertEquals(create.data(), forwarded.value().data());
        assertEquals("n1", JsonCas.get(hazelcast.<String, String>getMap(Maps.CONTAINERS), id, ContainerRecord.class)
                .orElseThrow().nodeId());
        assertEquals(2 * GIB, node().allocated().memoryBytes());

        send(Topics.CONTAINER_EVENTS, Envelope.of(new ContainerRemoved(id, "n1"), "/berth/agent/n1", create.id()));
        long deadline = System.currentTimeMillis() + 30_000;
        while (node().allocated().memoryBytes() != 0) {
            if (System.currentTimeMillis() > deadline) {
                fail("reservation never released: " + node().allocated());
            }
            Thread.sleep(100);
        }
        assertEquals(Capacity.ZERO, node().allocated());

        String big = newId();
        Envelope tooBig = accept(big, 64);
        Envelope unschedulable = next(r -> big.equals(r.key()) && r.topic().equals(Topics.CONTAINER_EVENTS)).value();
        assertEquals(new ContainerUnschedulable(big,
                "unschedulable: no node can take the container (1 node: 1 not enough memory): "
                + "node n1: not enough memory (wants 64 GiB, 8 GiB free)"), unschedulable.data());
        assertEquals(tooBig.id(), unschedulable.correlationId());

        String ghost = newId();
        Envelope start = Envelope.of(new StartContainer(ghost), "/berth/gateway", null);
        send(Topics.CONTAINER_COMMANDS, start);
        Envelope failed = next(r -> ghost.equals(r.key())).value();
        assertEquals(new CommandFailed(ghost, null, "start", 404, "No such container: " + ghost), failed.data());
        assertEquals(start.id(), failed.correlationId());
    }

    private static NodeRecord node() {
        return JsonCas.get(hazelcast.<String, String>getMap(Maps.NODES), "n1", NodeRecord.class).orElseThrow();
    }

    @Test
    void containerStateOnKafkaRestoresTheMapsAfterAWholeClusterRestart() throws Exception {
        String kept = newId();
        String removed = newId();
        ContainerSpec spec = ContainerSpec.builder("busybox").repository("library/busybox").cmd("sh").build();
        var containers = hazelcast.<String, String>getMap(Maps.CONTAINERS);
        containers.put(kept, Json.write(ContainerRecord.accepted(kept, "kept-one", spec, "{}", "2026-01-01T00:00:00Z")));
        containers.put(removed, Json.write(ContainerRecord.accepted(removed, "gone-one", spec, "{}", "2026-01-01T00:00:00Z")));
        containers.delete(removed);
        // an empty pair of maps stands for a Hazelcast cluster that restarted and lost its memory
        var freshContainers = hazelcast.<String, String>getMap("restart-containers-" + kept);
        var freshNames = hazelcast.<String, String>getMap("restart-names-" + kept);
        long deadline = System.nanoTime() + 30_000_000_000L;
        // the mirror writes asynchronously: wait until both facts have reached the topic
        while ((!freshContainers.containsKey(kept) || freshContainers.containsKey(removed))
                && System.nanoTime() < deadline) {
            freshContainers.clear();
            freshNames.clear();
            StateRecovery.restoreIfEmpty(broker.bootstrap(), freshContainers, freshNames);
            Thread.sleep(200);
        }
        assertEquals("kept-one", JsonCas.get(freshContainers, kept, ContainerRecord.class).orElseThrow().name());
        assertEquals(kept, freshNames.get("kept-one"));
        assertFalse(freshContainers.containsKey(removed), "a tombstone drops the removed container");
        assertFalse(freshNames.containsKey("gone-one"));
        assertEquals(0, StateRecovery.restoreIfEmpty(broker.bootstrap(), freshContainers, freshNames),
                "maps that hold containers are left alone");
    }

    private static Envelope accept(String id, long gib) throws Exception {
        ContainerSpec spec = ContainerSpec.builder("busybox").repository("library/busybox").cmd("sh")
                .resources(new Resources(gib * GIB, 0, 0, 0)).build();
        hazelcast.<String, String>getMap(Maps.CONTAINERS).put(id, Json.write(ContainerRecord.accepted(id, "c-" + id.substring(0, 6),
                spec, "{}", "2026-01-01T00:00:00Z")));
        Envelope create = Envelope.of(new CreateContainer(id, "c", spec), "/berth/gateway", null);
        send(Topics.CONTAINER_COMMANDS, create);
        return create;
    }

    private static void send(String topic, Envelope envelope) throws Exception {
        producer.send(new ProducerRecord<>(topic, envelope.subject(), envelope)).get(30, TimeUnit.SECONDS);
    }

    /**
     * The first unseen record that matches. Records read but not matched stay for later calls: one poll often
     * holds an event and the forward that follows it, and the next assertion wants the second.
     */
    private static ConsumerRecord<String, Envelope> next(Predicate<ConsumerRecord<String, Envelope>> wanted) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            for (Iterator<ConsumerRecord<String, Envelope>> it = unseen.iterator(); it.hasNext(); ) {
                ConsumerRecord<String, Envelope> r = it.next();
                if (r.value() != null && wanted.test(r)) {
                    it.remove();
                    return r;
                }
            }
            if (System.currentTimeMillis() >= deadline) {
                throw new AssertionError("no matching record within 30 s");
            }
            reader.poll(Duration.ofMillis(200)).forEach(unseen::add);
        }
    }

    private static String newId() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }

    private static Config hazelcastConfig() {
        return LoneHazelcast.config("berth-scheduler-test-", 5801);
    }
}
