package io.berth.scheduler.kafka;

import io.berth.events.kafka.ConsumerLag;
import io.berth.events.kafka.OffsetCommit;
import io.berth.events.replay.Backlog;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One consumer on its own thread: polls a topic in a group, hands each Berth message to a handler in order
 * within its partition, and commits an offset only after its handler returned and {@code beforeCommit} (the
 * outbox's flush) succeeded (at-least-once; handlers are idempotent). With {@code workers > 1} the partitions of
 * one poll are handled side by side (the handler must then be thread-safe); records of one partition never are.
 * A record whose handler fails is retried from that offset; after {@link #MAX_TRIES} it is skipped, so one
 * poison record cannot wedge the partition forever.
 */
public final class TopicLoop {
    static final int MAX_TRIES = 5;
    private static final long PROGRESS_NANOS = java.time.Duration.ofSeconds(5).toNanos();
    private static final Logger LOG = Logger.getLogger(TopicLoop.class.getName());
    private final KafkaConsumer<String, Envelope> consumer;
    private final String topic;
    private final Consumer<Envelope> handler;
    private final Runnable beforeCommit;
    private Consumer<List<Envelope>> batchHandler;
    private final ExecutorService workers;
    private final Thread thread;
    private volatile ConsumerLag lag;
    private final CountDownLatch assigned = new CountDownLatch(1);
    /** Partition → the offset that failed last and how many times in a row. */
    private final Map<TopicPartition, long[]> failing = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    private final String group;
    private Backlog backlog = new Backlog("", Map.of(), Map.of(), 0, 0);

    public TopicLoop(String bootstrap, String group, String topic, Consumer<Envelope> handler) {
        this(bootstrap, group, topic, handler, () -> { }, 1);
    }

    /**
     * @param beforeCommit runs after each polled batch was handled, before its offsets are committed (a flush)
     * @param workers      how many partitions of one poll are handled at once
     */
    public TopicLoop(String bootstrap, String group, String topic, Consumer<Envelope> handler, Runnable beforeCommit,
                     int workers) {
        this(bootstrap, group, topic, handler, beforeCommit, workers, 500);
    }

    /** @param maxPoll at most this many records per poll (Kafka's default is 500); larger polls make larger batches */
    public TopicLoop(String bootstrap, String group, String topic, Consumer<Envelope> handler, Runnable beforeCommit,
                     int workers, int maxPoll) {
        this(bootstrap, group, topic, handler, beforeCommit, workers, maxPoll, new EnvelopeDeserializer());
    }

    /** @param values reads the records (one that reads only some types hands the handler none of the others) */
    public TopicLoop(String bootstrap, String group, String topic, Consumer<Envelope> handler, Runnable beforeCommit,
                     int workers, int maxPoll, EnvelopeDeserializer values) {
        this.beforeCommit = beforeCommit;
        this.group = group;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // A fresh group must still see commands published before it first joined.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A scheduler killed without leaving the group hands its partitions over after this, not Kafka's 45 s.
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "2000");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(maxPoll));
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), values);
        this.topic = topic;
        this.handler = handler;
        this.workers = workers > 1 ? Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "berth-" + group + "-worker");
            t.setDaemon(true);
            return t;
        }) : null;
        this.thread = new Thread(this::run, "berth-" + group);
        this.thread.setDaemon(true);
    }

    /**
     * Hands each partition's polled records to {@code batch} at once (in order) before falling back to one by one:
     * if the batch handler throws, the partition's records are handled again singly, with the usual retries (every
     * handler is idempotent). Call before {@link #start}.
     */
    public TopicLoop batchedBy(Consumer<List<Envelope>> batch) {
        this.batchHandler = batch;
        return this;
    }

    /** Reports this loop's lag per partition after every poll; call before {@link #start}. */
    public TopicLoop measuredBy(ConsumerLag lag) {
        this.lag = lag;
        return this;
    }

    public void start() {
        thread.start();
    }

    /** Blocks until the group gave this consumer its partitions (tests wait on it). */
    public boolean awaitAssignment(Duration timeout) throws InterruptedException {
        return assigned.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Stops polling, finishes the records in hand, commits and closes; blocking. */
    public void stop() throws InterruptedException {
        stopping = true;
        consumer.wakeup();
        thread.join(15_000);
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new Rebalance(assigned, this::measureBacklog));
            while (!stopping) {
                ConsumerRecords<String, Envelope> records = consumer.poll(Duration.ofMillis(500));
                if (lag != null) {
                    lag.update(consumer);
                }
                if (!records.isEmpty()) {
                    Map<TopicPartition, OffsetAndMetadata> done = handle(records);
                    if (flushed(records)) {
                        if (!OffsetCommit.commit(consumer, done, "consumer of " + topic, LOG)) {
                            continue;
                        }
                        long now = System.nanoTime();
                        done.forEach((tp, next) -> backlog.handled(tp.partition(), next.offset() - 1, now)
                                .ifPresent(line -> LOG.info(line)));
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
            if (lag != null) {
                lag.close();
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    // what the group left unhandled before this consumer joined (a crash mid-burst): replayed first, and logged
    private void measureBacklog(java.util.Collection<TopicPartition> partitions) {
        try {
            Map<Integer, Long> from = new java.util.HashMap<>();
            Map<Integer, Long> to = new java.util.HashMap<>();
            consumer.endOffsets(partitions).forEach((tp, end) -> to.put(tp.partition(), end));
            partitions.forEach(tp -> from.put(tp.partition(), consumer.position(tp)));
            backlog = new Backlog(topic + " (group " + group + ")", from, to, System.nanoTime(), PROGRESS_NANOS);
            backlog.opening().ifPresent(LOG::info);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not measure the backlog of " + topic, e);
        }
    }

    /** Handles every partition of the poll (side by side with workers); returns the offsets to commit. */
    private Map<TopicPartition, OffsetAndMetadata> handle(ConsumerRecords<String, Envelope> records) {
        Map<TopicPartition, OffsetAndMetadata> done = new ConcurrentHashMap<>();
        Map<TopicPartition, Long> rewind = new ConcurrentHashMap<>();
        List<Callable<Void>> partitions = new ArrayList<>();
        for (TopicPartition partition : records.partitions()) {
            partitions.add(() -> {
                handlePartition(partition, records.records(partition), done, rewind);
                return null;
            });
        }
        if (workers == null || partitions.size() == 1) {
            for (Callable<Void> p : partitions) {
                call(p);
            }
        } else {
            try {
                for (Future<Void> f : workers.invokeAll(partitions)) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted handling " + topic, e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("handling " + topic + " failed", e.getCause());
            }
        }
        // the consumer is not thread-safe: seeks happen here, on its own thread
        rewind.forEach(consumer::seek);
        return done;
    }

    private void handlePartition(TopicPartition partition, List<ConsumerRecord<String, Envelope>> records,
                                 Map<TopicPartition, OffsetAndMetadata> done, Map<TopicPartition, Long> rewind) {
        if (batchHandler != null && records.size() > 1 && !stopping && failing.get(partition) == null) {
            try {
                batchHandler.accept(records.stream().map(ConsumerRecord::value).filter(java.util.Objects::nonNull)
                        .toList());
                done.put(partition, new OffsetAndMetadata(records.get(records.size() - 1).offset() + 1));
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a batch of " + records.size() + " on " + partition
                        + " failed; handling its records one by one", e);
            }
        }
        for (ConsumerRecord<String, Envelope> record : records) {
            if (stopping || !attempt(partition, record)) {
                rewind.put(partition, record.offset());
                return;
            }
            done.put(partition, new OffsetAndMetadata(record.offset() + 1));
        }
    }

    private static void call(Callable<Void> task) {
        try {
            task.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
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
            pause(1);
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
            failing.remove(partition);
            return true;
        } catch (RuntimeException e) {
            long[] last = failing.get(partition);
            long tries = last != null && last[0] == record.offset() ? last[1] + 1 : 1;
            failing.put(partition, new long[] {record.offset(), tries});
            if (tries >= MAX_TRIES) {
                LOG.log(Level.SEVERE, "giving up on " + record.value().type() + " " + record.value().id() + " at "
                        + partition + "@" + record.offset() + " after " + tries + " tries", e);
                failing.remove(partition);
                return true;
            }
            LOG.log(Level.WARNING, "handling " + record.value().type() + " " + record.value().id() + " failed (try "
                    + tries + "), retrying", e);
            pause(tries);
            return false;
        }
    }

    private static void pause(long tries) {
        try {
            Thread.sleep(500L * tries);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
