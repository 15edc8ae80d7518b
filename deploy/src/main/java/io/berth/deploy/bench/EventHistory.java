package io.berth.deploy.bench;

import io.berth.events.Message;
import io.berth.events.Topics;
import io.berth.events.event.ContainerDied;
import io.berth.events.event.ContainerNetworkChanged;
import io.berth.events.event.ContainerRemoved;
import io.berth.events.event.ContainerScheduled;
import io.berth.events.event.ContainerStarted;
import io.berth.events.wire.ContainerActor;
import io.berth.events.wire.Envelope;
import io.berth.events.wire.EnvelopeSerializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * A history of container lives in {@code container-events}, as the platform leaves it (for benchmarks): each
 * container is scheduled (by the scheduler), connected to the default bridge, started, dies and is removed (by its
 * node's agent), five CloudEvents records keyed by the container id, each naming its actor, on 100 simulated nodes.
 * Lives overlap in waves of {@value #WAVE} containers, so every partition's records interleave in time; waves are
 * written by several threads at once, as several agents write.
 */
public record EventHistory(int events, int containers, String since, String until, String oneContainer) {
    private static final int WAVE = 1000;
    private static final int PER_LIFE = 5;

    /** Writes {@code count} events (rounded down to whole lives, at least one); blocks until all are stored. */
    public static EventHistory write(String bootstrap, int count) throws InterruptedException {
        int containers = Math.max(1, count / PER_LIFE);
        long t0 = System.currentTimeMillis() - 1000;
        String scheduler = "/berth/scheduler/" + UUID.randomUUID();
        try (KafkaProducer<String, Envelope> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, "berth-events-bench",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new StringSerializer(), new EnvelopeSerializer())) {
            // waves in parallel (encoding is the cost), each wave's lives in order on one thread
            IntStream.range(0, (containers + WAVE - 1) / WAVE).parallel().forEach(wave -> {
                int first = wave * WAVE;
                int last = Math.min(containers, first + WAVE);
                for (int step = 0; step < PER_LIFE; step++) {
                    for (int i = first; i < last; i++) {
                        String id = idOf(i);
                        String node = String.format("sim-%04d", i % 100);
                        String source = step == 0 ? scheduler : "/berth/node-agent/" + node;
                        Message data = switch (step) {
                            case 0 -> new ContainerScheduled(id, node);
                            case 1 -> new ContainerNetworkChanged(id, node, "bridge", true);
                            case 2 -> new ContainerStarted(id, node, 10_000 + i);
                            case 3 -> new ContainerDied(id, node, i % 7, false);
                            default -> new ContainerRemoved(id, node);
                        };
                        ContainerActor actor = new ContainerActor("ev-" + i, "busybox",
                                Map.of("bench", "events", "wave", Integer.toString(first / WAVE)));
                        Envelope e = Envelope.of(data, source, UUID.randomUUID().toString()).withActor(actor);
                        producer.send(new ProducerRecord<>(Topics.CONTAINER_EVENTS, id, e));
                    }
                }
            });
            producer.flush();
        }
        long t1 = System.currentTimeMillis() + 1000;
        // the window ends in the past when the clients run, so they replay and stop
        while (System.currentTimeMillis() <= t1) {
            Thread.sleep(50);
        }
        return new EventHistory(containers * PER_LIFE, containers, seconds(t0), seconds(t1), idOf(containers / 2));
    }

    private static String idOf(int i) {
        return String.format("%064x", 0xe0000000L + i);
    }

    private static String seconds(long millis) {
        return String.format("%d.%03d", millis / 1000, millis % 1000);
    }
}
