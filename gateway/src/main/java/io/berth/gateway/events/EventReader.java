package io.berth.gateway.events;

import io.berth.events.Topics;
import io.berth.events.wire.Envelope;
import io.berth.events.wire.EnvelopeDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One {@code docker events} request's reader of {@code container-events}, on its own thread: no consumer group,
 * every partition assigned. It replays what is stored from {@code since} (Kafka keeps it: unlike dockerd's 256
 * in memory, nothing is dropped), in time order across partitions, then follows live records until
 * {@code until} or until closed.
 */
public final class EventReader implements AutoCloseable {
    /** One record as read: the envelope and the Kafka timestamp in nanoseconds. */
    public record Timed(Envelope envelope, long timeNanos) {
    }

    private final KafkaConsumer<String, Envelope> consumer;
    private final Thread thread;
    private volatile boolean open = true;

    private EventReader(KafkaConsumer<String, Envelope> consumer, EventWindow window, Consumer<List<Timed>> sink,
                        Runnable done) {
        this.consumer = consumer;
        this.thread = new Thread(() -> run(window, sink, done), "berth-gateway-events-reader");
        this.thread.setDaemon(true);
    }

    /** Starts reading; {@code sink} gets batches in order, {@code done} runs once the window has ended. */
    public static EventReader open(String bootstrap, EventWindow window, Consumer<List<Timed>> sink, Runnable done) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "berth-gateway-events-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, EnvelopeDeserializer.class.getName());
        EventReader reader = new EventReader(new KafkaConsumer<>(p), window, sink, done);
        reader.thread.start();
        return reader;
    }

    private void run(EventWindow window, Consumer<List<Timed>> sink, Runnable done) {
        try {
            List<TopicPartition> parts = new ArrayList<>();
            consumer.partitionsFor(Topics.CONTAINER_EVENTS)
                    .forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
            consumer.assign(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            if (window.replays()) {
                seekToTime(parts, window.sinceNanos() / 1_000_000L);
                replay(parts, end, window, sink);
            } else {
                end.forEach(consumer::seek);
            }
            while (open && System.currentTimeMillis() * 1_000_000L <= window.untilNanos()) {
                List<Timed> batch = new ArrayList<>();
                for (ConsumerRecord<String, Envelope> r : consumer.poll(Duration.ofMillis(200))) {
                    long t = r.timestamp() * 1_000_000L;
                    if (r.value() != null && window.contains(t)) {
                        batch.add(new Timed(r.value(), t));
                    }
                }
                if (!batch.isEmpty()) {
                    sink.accept(batch);
                }
            }
        } catch (WakeupException e) {
            // closed by the client going away
        } finally {
            consumer.close(Duration.ZERO);
            if (open) {
                done.run();
            }
        }
    }

    private void seekToTime(List<TopicPartition> parts, long sinceMillis) {
        Map<TopicPartition, Long> query = new HashMap<>();
        parts.forEach(tp -> query.put(tp, sinceMillis));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        Map<TopicPartition, Long> end = consumer.endOffsets(parts);
        for (TopicPartition tp : parts) {
            OffsetAndTimestamp at = found.get(tp);
            consumer.seek(tp, at == null ? end.get(tp) : at.offset());
        }
    }

    /** Everything stored up to the end offsets of the start, sorted by time across partitions. */
    private void replay(List<TopicPartition> parts, Map<TopicPartition, Long> end, EventWindow window,
                        Consumer<List<Timed>> sink) {
        List<Timed> stored = new ArrayList<>();
        while (open && parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            for (ConsumerRecord<String, Envelope> r : consumer.poll(Duration.ofMillis(200))) {
                long t = r.timestamp() * 1_000_000L;
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                if (r.offset() < end.get(tp) && r.value() != null && window.contains(t)) {
                    stored.add(new Timed(r.value(), t));
                }
            }
        }
        stored.sort(Comparator.comparingLong(Timed::timeNanos));
        if (!stored.isEmpty()) {
            sink.accept(stored);
        }
    }

    /** Stops reading (the client left); {@code done} is not called. */
    @Override
    public void close() {
        open = false;
        consumer.wakeup();
    }
}
