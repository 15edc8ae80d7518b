package io.berth.deploy.bench;

import com.hazelcast.core.HazelcastInstance;
import io.berth.deploy.hazelcast.EmbeddedHazelcast;
import io.berth.deploy.kafka.EmbeddedKafka;
import io.berth.deploy.kafka.TopicSetup;
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
import io.berth.events.wire.Envelope;
import io.berth.events.wire.CloudEventCodec;
import io.berth.events.wire.MessageTypes;
import io.berth.scheduler.Scheduler;
import io.berth.scheduler.SchedulerConfig;
import io.berth.scheduler.placement.ClusterSnapshot;
import io.berth.scheduler.placement.PlacementRequest;
import io.berth.scheduler.placement.Placer;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler at scale: a real embedded Kafka broker and Hazelcast member, the real scheduler service, and
 * simulated node agents (real records and heartbeats, creates answered at once, no processes). Prints
 * <ol>
 *   <li>the scheduling decision alone: {@link Placer#place} on a snapshot of every node, and the snapshot read;</li>
 *   <li>a burst: N creates published as the gateway does (record, then command), placements per second from
 *       the first publish to the last {@code ContainerScheduled} seen, and each create's latency (queueing included);</li>
 *   <li>one at a time: the latency of a lone create on the loaded cluster.</li>
 * </ol>
 * Usage: {@code PlacementBench [nodes=1000] [containers=100000] [lone=500] [schedulers=1] [partitions=12]}:
 * {@code schedulers} instances share the command topic's {@code partitions} (made as the launcher's
 * {@code --command-partitions} makes it; the platform's default is {@link TopicSetup#PARTITIONS}). The container records a gateway
 * writes before each create are written in bulk before the clock starts: the figure is the schedulers', not one
 * bench thread's {@code put} per create, and their create commands are encoded before it too; the bench reads
 * the answers (and its simulated agents the creates) with {@link RecordPeek}, not the full decode, and prints the
 * CPU the burst cost per placement, split into the bench's own share and the rest ({@link CpuShares}).
 * The last line is one table row:
 * {@code RESULT schedulers nodes containers placements/s p50 p99}.
 */
public final class PlacementBench {
    private static final long GIB = 1024L * 1024 * 1024;

    public static void main(String[] args) throws Exception {
        int nodeCount = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int containers = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int lone = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int schedulerCount = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int partitions = args.length > 4 ? Integer.parseInt(args[4]) : 12;
        Path dir = Files.createTempDirectory("berth-bench-");
        int[] ports = {freePort(), freePort(), freePort()};
        EmbeddedKafka kafka = new EmbeddedKafka(dir.resolve("kafka"), ports[0], ports[1]);
        HazelcastInstance hazelcast = null;
        Vertx vertx = Vertx.vertx();
        List<Scheduler> schedulers = new ArrayList<>();
        try {
            kafka.start();
            String bootstrap = kafka.bootstrap();
            TopicSetup.ensure(bootstrap, Duration.ofSeconds(60), Optional.empty(), 0, partitions);
            hazelcast = EmbeddedHazelcast.start("bench-" + UUID.randomUUID(), ports[2]);
            // room for every container: 1 GiB each, spread evenly there are N / nodes per node
            int perNode = Math.max(1, (containers + lone + 1000) * 2 / nodeCount);
            Capacity each = new Capacity(64_000_000_000L, perNode * GIB, perNode);
            ConcurrentMap<String, String> nodes = hazelcast.getMap(Maps.NODES);
            try (SimulatedAgents agents = new SimulatedAgents(bootstrap, nodes, nodeCount, each)) {
                agents.start();
                decisions(nodes, nodeCount);
                for (int i = 0; i < schedulerCount; i++) {
                    Scheduler scheduler = new Scheduler(vertx, new SchedulerConfig(bootstrap, "bench-" + i, 10_000),
                            hazelcast);
                    schedulers.add(scheduler);
                    scheduler.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
                }
                for (Scheduler scheduler : schedulers) {
                    if (!scheduler.awaitReady(Duration.ofSeconds(90))) {
                        throw new IllegalStateException("a scheduler never got its partitions");
                    }
                }
                try (Creates creates = new Creates(bootstrap, hazelcast.getMap(Maps.CONTAINERS))) {
                    creates.burst(Math.min(1000, containers), "warm-up burst");
                    Percentiles burst = creates.burst(containers, "burst");
                    creates.oneAtATime(lone);
                    System.out.printf("simulated agents answered %d creates with ContainerCreated%n", agents.created());
                    Audit.check(hazelcast, nodeCount);
                    System.out.printf("RESULT %d %d %d %.0f %.1f %.1f%n", schedulerCount, nodeCount, containers,
                            creates.lastRate, burst.millis(0.5), burst.millis(0.99));
                }
            }
        } finally {
            for (Scheduler scheduler : schedulers) {
                scheduler.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            if (hazelcast != null) {
                hazelcast.shutdown();
            }
            kafka.stop();
            deleteTree(dir);
        }
        System.exit(0);
    }

    /** The decision alone, on the live node records: snapshot read, then place, in a timed loop. */
    private static void decisions(ConcurrentMap<String, String> nodes, int nodeCount) {
        Placer placer = new Placer(10_000);
        PlacementRequest request = new PlacementRequest("bench", new Capacity(0, GIB, 1));
        int rounds = 400;
        long[] reads = new long[rounds];
        long[] places = new long[rounds * 5];
        for (int warm = 0; warm < 2; warm++) {
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                List<NodeRecord> records = nodes.values().stream().map(j -> Json.read(j, NodeRecord.class)).toList();
                ClusterSnapshot snapshot = new ClusterSnapshot(records, System.currentTimeMillis());
                long t1 = System.nanoTime();
                reads[i] = t1 - t0;
                for (int k = 0; k < 5; k++) {
                    long t2 = System.nanoTime();
                    placer.place(snapshot, request);
                    places[i * 5 + k] = System.nanoTime() - t2;
                }
            }
        }
        Percentiles place = new Percentiles(places);
        System.out.printf("decision on %d nodes (Placer.place, spread, 1 GiB): %s -> %.0f decisions/s on one thread%n",
                nodeCount, place, 1000.0 / place.millis(0.5));
        System.out.printf("snapshot read of %d node records from Hazelcast (values + JSON): %s%n", nodeCount,
                new Percentiles(reads));
    }

    /** Publishes creates as the gateway does and times each until its {@code ContainerScheduled} is seen. */
    private static final class Creates implements AutoCloseable {
        private static final String SCHEDULED = MessageTypes.typeOf(ContainerScheduled.class);
        private static final String UNSCHEDULABLE = MessageTypes.typeOf(ContainerUnschedulable.class);
        private static final byte[] CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8"
                .getBytes(StandardCharsets.UTF_8);
        private final KafkaProducer<String, byte[]> producer;
        private final KafkaConsumer<String, byte[]> events;
        private final ConcurrentMap<String, String> containers;
        private final ContainerSpec spec = ContainerSpec.builder("busybox").imageId("sha256:0")
                .repository("library/busybox").manifestDigest("sha256:0").cmd("true")
                .resources(new Resources(GIB, 0, 0, 0)).build();
        private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
        private int serial;
        double lastRate;
        private final Map<String, String> nodeOf = new HashMap<>();

        Creates(String bootstrap, ConcurrentMap<String, String> containers) {
            this.containers = containers;
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, "2",
                    ProducerConfig.CLIENT_ID_CONFIG, "bench-creates"), new StringSerializer(), new ByteArraySerializer());
            events = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000"), new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < TopicSetup.PARTITIONS; p++) {
                partitions.add(new TopicPartition(Topics.CONTAINER_EVENTS, p));
            }
            events.assign(partitions);
            events.seekToEnd(partitions);
            partitions.forEach(events::position);
        }

        /** The records of {@code count} new containers, written as the gateway would, in bulk; their ids. */
        private List<String> records(int count) {
            List<String> ids = new ArrayList<>(count);
            Map<String, String> chunk = new HashMap<>();
            for (int i = 0; i < count; i++) {
                String id = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
                ids.add(id);
                chunk.put(id, Json.write(ContainerRecord.accepted(id, "bench-" + serial++, spec, "{}",
                        "2026-01-01T00:00:00Z")));
                if (chunk.size() == 1000 || i == count - 1) {
                    ((com.hazelcast.map.IMap<String, String>) containers).putAll(chunk);
                    chunk.clear();
                }
            }
            return ids;
        }

        /** The create command of {@code id} as the gateway's producer would write it (encoded off the clock). */
        private byte[] encode(String id) {
            return CloudEventCodec.encode(Envelope.of(new CreateContainer(id, "bench", spec), "/berth/gateway", null));
        }

        private void send(String id, byte[] create) {
            sentAt.put(id, System.nanoTime());
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.CONTAINER_COMMANDS, id, create);
            record.headers().add("content-type", CONTENT_TYPE);
            producer.send(record);
        }

        /** Reads events until {@code want} answers for ids in {@code sentAt} arrived; returns their latencies. */
        private Map<String, Long> await(int want, Duration timeout) {
            Map<String, Long> latency = new HashMap<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            int unschedulable = 0;
            while (latency.size() + unschedulable < want && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : events.poll(Duration.ofMillis(50))) {
                    RecordPeek e = r.value() == null ? null : RecordPeek.of(r.value());
                    if (e == null || e.subject() == null) {
                        continue;
                    }
                    long now = System.nanoTime();
                    String id = e.subject();
                    if (SCHEDULED.equals(e.type()) && sentAt.containsKey(id)) {
                        latency.putIfAbsent(id, now - sentAt.get(id));
                        String before = nodeOf.putIfAbsent(id, e.nodeId());
                        if (before != null && !before.equals(e.nodeId())) {
                            System.out.println("  DOUBLE PLACEMENT: " + id + " on " + before + " and " + e.nodeId());
                        }
                    } else if (UNSCHEDULABLE.equals(e.type()) && sentAt.remove(id) != null) {
                        unschedulable++;
                        System.out.println("  unschedulable: " + e.reason());
                    }
                }
            }
            return latency;
        }

        Percentiles burst(int count, String what) {
            sentAt.clear();
            List<String> ids = records(count);
            List<byte[]> encoded = ids.stream().map(this::encode).toList();
            CpuShares cpu = new CpuShares();
            KafkaCounts kafka = new KafkaCounts();
            long t0 = System.nanoTime();
            for (int i = 0; i < ids.size(); i++) {
                send(ids.get(i), encoded.get(i));
            }
            producer.flush();
            long published = System.nanoTime();
            Map<String, Long> latency = await(count, Duration.ofMinutes(60));
            long t1 = System.nanoTime();
            double seconds = (t1 - t0) / 1e9;
            System.out.printf("%s: %d creates published in %.1f s, %d scheduled in %.1f s -> %.0f placements/s end to "
                            + "end; latency publish -> scheduled (queueing included): %s%n",
                    what, count, (published - t0) / 1e9, latency.size(), seconds, latency.size() / seconds,
                    new Percentiles(latency.values().stream().mapToLong(Long::longValue).toArray()));
            lastRate = latency.size() / seconds;
            System.out.println("  " + CpuShares.line(cpu.since(), latency.size()));
            System.out.println(kafka.since());
            return new Percentiles(latency.values().stream().mapToLong(Long::longValue).toArray());
        }

        void oneAtATime(int count) {
            long[] samples = new long[count];
            for (int i = 0; i < count; i++) {
                sentAt.clear();
                String id = records(1).get(0);
                send(id, encode(id));
                producer.flush();
                Map<String, Long> latency = await(1, Duration.ofSeconds(60));
                samples[i] = latency.getOrDefault(id, Long.MAX_VALUE);
            }
            System.out.printf("one create at a time on the loaded cluster, publish -> scheduled: %s%n",
                    new Percentiles(samples));
        }

        @Override
        public void close() {
            producer.close();
            events.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private PlacementBench() {
    }
}
