package io.berth.scheduler.kafka;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.berth.events.testing.TestBroker;
import io.berth.events.Json;
import io.berth.events.Maps;
import io.berth.events.Topics;
import io.berth.events.command.CreateContainer;
import io.berth.events.event.ContainerScheduled;
import io.berth.events.event.ContainerUnschedulable;
import io.berth.events.spec.ContainerSpec;
import io.berth.events.spec.Resources;
import io.berth.events.state.Capacity;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.NodeRecord;
import io.berth.events.state.NodeState;
import io.berth.events.wire.Envelope;
import io.berth.events.wire.EnvelopeDeserializer;
import io.berth.events.wire.EnvelopeSerializer;
import io.berth.scheduler.Scheduler;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.ConsumerGroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Test harness for bursts of creates against schedulers: a real KRaft broker and a real Hazelcast member, node
 * records written as an agent would, creates published as the gateway does, and every answer and forward read
 * back from the topics.
 */
final class BurstCluster implements AutoCloseable {
    static final long GIB = 1024L * 1024 * 1024;
    static final int PARTITIONS = 6;
    final TestBroker broker;
    final HazelcastInstance hazelcast;
    private final KafkaProducer<String, Envelope> producer;
    private final KafkaConsumer<String, Envelope> reader;
    /** Container id → the nodes its {@code ContainerScheduled} events named, in order. */
    final Map<String, List<String>> scheduled = new HashMap<>();
    /** Container id → how many {@code ContainerUnschedulable} it got. */
    final Map<String, Integer> unschedulable = new HashMap<>();
    /** Container id → the nodes its create was forwarded to. */
    final Map<String, Set<String>> forwardedTo = new HashMap<>();

    BurstCluster(Path dir) throws Exception {
        broker = new TestBroker(dir.resolve("kafka"));
        broker.createTopics(List.of(Topics.CONTAINER_COMMANDS, Topics.NODE_COMMANDS, Topics.CONTAINER_EVENTS,
                Topics.CONTAINER_STATE, Topics.VOLUME_STATE), PARTITIONS);
        hazelcast = Hazelcast.newHazelcastInstance(hazelcastConfig());
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, "5"),
                new StringSerializer(), new EnvelopeSerializer());
        reader = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000"), new StringDeserializer(), new EnvelopeDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.CONTAINER_EVENTS, Topics.NODE_COMMANDS)) {
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
        }
        reader.assign(partitions);
        reader.seekToBeginning(partitions);
    }

    String clusterName() {
        return hazelcast.getConfig().getClusterName();
    }

    /** {@code host:port} of the Hazelcast member, for a client in another process. */
    String memberAddress() {
        var address = hazelcast.getCluster().getLocalMember().getAddress();
        return address.getHost() + ":" + address.getPort();
    }

    /** A ready node with {@code slots} container slots, {@code gib} GiB and a heartbeat that stays fresh for the test. */
    void node(String id, int slots, long gib) {
        hazelcast.<String, String>getMap(Maps.NODES).put(id, Json.write(new NodeRecord(id, "127.0.0.1:1",
                new Capacity(64_000_000_000L, gib * GIB, slots), Capacity.ZERO, Map.of(),
                System.currentTimeMillis() + 3_600_000, NodeState.READY, 2, "6.1")));
    }

    NodeRecord nodeRecord(String id) {
        return Json.read(hazelcast.<String, String>getMap(Maps.NODES).get(id), NodeRecord.class);
    }

    /** Accepts {@code count} containers of {@code gib} GiB as the gateway does (record, then command); returns their ids. */
    List<String> burst(int count, long gib) throws Exception {
        ContainerSpec spec = ContainerSpec.builder("busybox").repository("library/busybox").cmd("sh")
                .resources(new Resources(gib * GIB, 0, 0, 0)).build();
        var containers = hazelcast.<String, String>getMap(Maps.CONTAINERS);
        List<String> ids = new ArrayList<>();
        List<Future<?>> sends = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
            containers.put(id, Json.write(ContainerRecord.accepted(id, "c" + i, spec, "{}", "2026-01-01T00:00:00Z")));
            Envelope create = Envelope.of(new CreateContainer(id, "c" + i, spec), "/berth/gateway", null);
            sends.add(producer.send(new ProducerRecord<>(Topics.CONTAINER_COMMANDS, create.subject(), create)));
            ids.add(id);
        }
        for (Future<?> send : sends) {
            send.get(30, TimeUnit.SECONDS);
        }
        return ids;
    }

    /** Reads answers and forwards until {@code done} holds, or fails after {@code timeout}. */
    void readUntil(BooleanSupplier done, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what + " (scheduled " + scheduled.size()
                        + ", unschedulable " + unschedulable.size() + ")");
            }
            for (ConsumerRecord<String, Envelope> r : reader.poll(Duration.ofMillis(200))) {
                if (r.value() == null) {
                    continue;
                }
                if (r.value().data() instanceof ContainerScheduled s) {
                    scheduled.computeIfAbsent(s.containerId(), k -> new ArrayList<>()).add(s.nodeId());
                } else if (r.value().data() instanceof ContainerUnschedulable u) {
                    unschedulable.merge(u.containerId(), 1, Integer::sum);
                } else if (r.topic().equals(Topics.NODE_COMMANDS) && r.value().data() instanceof CreateContainer c) {
                    forwardedTo.computeIfAbsent(c.containerId(), k -> new LinkedHashSet<>()).add(r.key());
                }
            }
        }
    }

    /** Every id got an answer of some kind. */
    boolean allAnswered(List<String> ids) {
        return ids.stream().allMatch(id -> scheduled.containsKey(id) || unschedulable.containsKey(id));
    }

    /** Blocks until the command group is stable with {@code members} members, each holding partitions. */
    void awaitCommandGroup(int members, Duration timeout) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(Scheduler.COMMAND_GROUP))
                        .all().get(30, TimeUnit.SECONDS).get(Scheduler.COMMAND_GROUP);
                if (group.state() == ConsumerGroupState.STABLE && group.members().size() == members
                        && group.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("command group never settled on " + members + " members: " + group);
                }
                Thread.sleep(200);
            }
        }
    }

    @Override
    public void close() {
        reader.close();
        producer.close();
        hazelcast.shutdown();
        broker.close();
    }

    private static Config hazelcastConfig() {
        return LoneHazelcast.config("berth-burst-test-", 5901);
    }
}
