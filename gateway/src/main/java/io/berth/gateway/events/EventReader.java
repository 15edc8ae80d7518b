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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One {@code docker events} request's reader of {@code container-events}, on its own thread: no consumer group,
 * every partition assigned. It replays what is stored from {@code since} (Kafka keeps it: unlike dockerd's 256
 * in memory, nothing is dropped), in time order across partitions ({@link TimeMerge}, a bounded queue per
 * partition: a partition far ahead is paused), then follows live records until {@code until} or until closed.
 * The sink gets batches on this thread and may block it: that is how a slow client slows the reading.
 */
public final class EventReader implements AutoCloseable {
    /** The thread's name: 15 characters, what /proc shows of it. */
    public static final String THREAD = "berth-ev-reader";
    private static final Logger LOG = Logger.getLogger(EventReader.class.getName());
    /** Records handed to the sink at once. */
    static final int BATCH = 2000;
    /** Records queued per partition before its fetching pauses. */
    private static final int QUEUE = 20_000;

    /** One record as read: the envelope and the Kafka timestamp in nanoseconds. */
    public record Timed(Envelope envelope, long timeNanos) {
    }

    private final KafkaConsumer<String, Envelope> consumer;
    private final Thread thread;
    private volatile boolean open = true;

    private EventReader(KafkaConsumer<String, Envelope> consumer, EventWindow window, Consumer<List<Timed>> sink,
                        Runnable done) {
        this.consumer = consumer;
        this.thread = new Thread(() -> run(window, sink, done), THREAD);
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
        // a replay reads whole partitions: large fetches, many records per poll (defaults: 500, 1 MB a partition)
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(4 << 20));
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(16 << 20));
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
            List<Timed> later = new ArrayList<>();
            if (window.replays()) {
                seekToTime(parts, window.sinceNanos() / 1_000_000L);
                replay(parts, end, window, sink, later);
            } else {
                end.forEach(consumer::seek);
            }
            hand(later, sink);
            while (open && System.currentTimeMillis() * 1_000_000L <= window.untilNanos()) {
                List<Timed> batch = new ArrayList<>();
                for (ConsumerRecord<String, Envelope> r : consumer.poll(Duration.ofMillis(200))) {
                    add(r, window, batch);
                }
                hand(batch, sink);
            }
        } catch (WakeupException e) {
            // closed by the client going away
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "events reader stopped", e);
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

    /**
     * Everything stored up to the end offsets of the start, merged by time across partitions and handed on as it
     * is placed. Records written since the start (past an end offset) go to {@code later}, for the live part; a
     * partition that has reached its end is paused until the replay is over, so they stay few.
     */
    private void replay(List<TopicPartition> parts, Map<TopicPartition, Long> end, EventWindow window,
                        Consumer<List<Timed>> sink, List<Timed> later) {
        Map<TopicPartition, Integer> index = new HashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            index.put(parts.get(i), i);
        }
        TimeMerge merge = new TimeMerge(parts.size());
        List<TopicPartition> paused = new ArrayList<>();
        finishReached(parts, end, merge, paused);
        while (open && !merge.done()) {
            for (ConsumerRecord<String, Envelope> r : consumer.poll(Duration.ofMillis(200))) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                if (r.offset() >= end.get(tp)) {
                    add(r, window, later);
                } else if (r.value() != null && window.contains(r.timestamp() * 1_000_000L)) {
                    merge.add(index.get(tp), new Timed(r.value(), r.timestamp() * 1_000_000L));
                }
            }
            finishReached(parts, end, merge, paused);
            for (List<Timed> ready = merge.take(BATCH); open && !ready.isEmpty(); ready = merge.take(BATCH)) {
                sink.accept(ready);
            }
            // what is still queued waits for the others: a partition far ahead in time is paused until they catch
            // up, so memory stays bounded
            List<TopicPartition> full = new ArrayList<>();
            List<TopicPartition> room = new ArrayList<>();
            for (TopicPartition tp : parts) {
                if (!merge.finished(index.get(tp))) {
                    (merge.queued(index.get(tp)) >= QUEUE ? full : room).add(tp);
                }
            }
            consumer.pause(full);
            consumer.resume(room);
        }
        consumer.resume(paused);
    }

    /** Marks (and pauses) the partitions whose position has passed their end offset: nothing more to replay. */
    private void finishReached(List<TopicPartition> parts, Map<TopicPartition, Long> end, TimeMerge merge,
                               List<TopicPartition> paused) {
        for (int i = 0; i < parts.size(); i++) {
            TopicPartition tp = parts.get(i);
            if (!merge.finished(i) && consumer.position(tp) >= end.get(tp)) {
                merge.finish(i);
                consumer.pause(List.of(tp));
                paused.add(tp);
            }
        }
    }

    private static void add(ConsumerRecord<String, Envelope> r, EventWindow window, List<Timed> into) {
        long t = r.timestamp() * 1_000_000L;
        if (r.value() != null && window.contains(t)) {
            into.add(new Timed(r.value(), t));
        }
    }

    private void hand(List<Timed> records, Consumer<List<Timed>> sink) {
        for (int from = 0; open && from < records.size(); from += BATCH) {
            sink.accept(records.subList(from, Math.min(records.size(), from + BATCH)));
        }
    }

    /** Stops reading (the client left); {@code done} is not called. */
    @Override
    public void close() {
        open = false;
        consumer.wakeup();
    }
}
