package io.berth.scheduler.kafka;

import io.berth.events.wire.Envelope;
import io.berth.events.wire.EnvelopeDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One consumer on its own thread: polls a topic in a group, hands each Berth message to a handler in order,
 * and commits an offset only after its handler returned (at-least-once; handlers are idempotent).
 * A record whose handler fails is retried from that offset; after {@link #MAX_TRIES} it is skipped, so one
 * poison record cannot wedge the partition forever.
 */
public final class TopicLoop {
    static final int MAX_TRIES = 5;
    private static final Logger LOG = Logger.getLogger(TopicLoop.class.getName());
    private final KafkaConsumer<String, Envelope> consumer;
    private final String topic;
    private final Consumer<Envelope> handler;
    private final Runnable beforeCommit;
    private final Thread thread;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private final Map<TopicPartition, Long> failingOffset = new HashMap<>();
    private int tries;
    private volatile boolean stopping;

    public TopicLoop(String bootstrap, String group, String topic, Consumer<Envelope> handler) {
        this(bootstrap, group, topic, handler, () -> { });
    }

    /** {@code beforeCommit} runs after each polled batch was handled, before its offsets are committed (a flush). */
    public TopicLoop(String bootstrap, String group, String topic, Consumer<Envelope> handler, Runnable beforeCommit) {
        this.beforeCommit = beforeCommit;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // A fresh group must still see commands published before it first joined.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A scheduler killed without leaving the group hands its partitions over after this, not Kafka's 45 s.
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "2000");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, EnvelopeDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(props);
        this.topic = topic;
        this.handler = handler;
        this.thread = new Thread(this::run, "berth-" + group);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Blocks until the group gave this consumer its partitions (tests wait on it). */
    public boolean awaitAssignment(Duration timeout) throws InterruptedException {
        return assigned.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Stops polling, finishes the record in hand, commits and closes; blocking. */
    public void stop() throws InterruptedException {
        stopping = true;
        consumer.wakeup();
        thread.join(15_000);
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new Rebalance(assigned));
            while (!stopping) {
                ConsumerRecords<String, Envelope> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    Map<TopicPartition, OffsetAndMetadata> done = handle(records);
                    if (flushed(records)) {
                        consumer.commitSync(done);
                    }
                }
            }
        } catch (WakeupException e) {
            if (!stopping) {
                LOG.log(Level.SEVERE, "consumer of " + topic + " woken unexpectedly", e);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "consumer of " + topic + " died", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> handle(ConsumerRecords<String, Envelope> records) {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, Envelope> record : records.records(partition)) {
                if (stopping) {
                    consumer.seek(partition, record.offset());
                    break;
                }
                if (!attempt(partition, record)) {
                    consumer.seek(partition, record.offset());
                    break;
                }
                done.put(partition, new OffsetAndMetadata(record.offset() + 1));
            }
        }
        return done;
    }

    /** Runs {@code beforeCommit}; if it fails, the whole batch is read again from its first offsets. */
    private boolean flushed(ConsumerRecords<String, Envelope> records) {
        try {
            beforeCommit.run();
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "output of a batch on " + topic + " failed; handling the batch again", e);
            for (TopicPartition partition : records.partitions()) {
                consumer.seek(partition, records.records(partition).get(0).offset());
            }
            tries++;
            pause();
            return false;
        }
    }

    /** True when the record is dealt with (handled, skipped as not ours, or given up on). */
    private boolean attempt(TopicPartition partition, ConsumerRecord<String, Envelope> record) {
        if (record.value() == null) {
            return true;
        }
        try {
            handler.accept(record.value());
            failingOffset.remove(partition);
            return true;
        } catch (RuntimeException e) {
            Long failing = failingOffset.get(partition);
            tries = failing != null && failing == record.offset() ? tries + 1 : 1;
            failingOffset.put(partition, record.offset());
            if (tries >= MAX_TRIES) {
                LOG.log(Level.SEVERE, "giving up on " + record.value().type() + " " + record.value().id() + " at "
                        + partition + "@" + record.offset() + " after " + tries + " tries", e);
                failingOffset.remove(partition);
                return true;
            }
            LOG.log(Level.WARNING, "handling " + record.value().type() + " " + record.value().id() + " failed (try "
                    + tries + "), retrying", e);
            pause();
            return false;
        }
    }

    private void pause() {
        try {
            Thread.sleep(500L * tries);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
