package io.berth.agent.kafka;

import io.berth.events.kafka.ConsumerLag;
import io.berth.events.kafka.OffsetCommit;
import io.berth.events.Topics;
import io.berth.events.replay.Backlog;
import io.berth.events.wire.Envelope;
import io.berth.events.wire.EnvelopeDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads {@code node-commands} on its own thread, one record at a time in order, skipping other nodes' records
 * and non-Berth values, and commits each offset only after its command was handled (facts published).
 */
public final class CommandConsumer {
    private static final Logger LOG = Logger.getLogger(CommandConsumer.class.getName());
    private static final long PROGRESS_NANOS = Duration.ofSeconds(5).toNanos();

    private final String nodeId;
    private final KafkaConsumer<String, Envelope> consumer;
    private final Consumer<Envelope> handler;
    private final CompletableFuture<Void> assigned = new CompletableFuture<>();
    private final Thread thread;
    private Backlog backlog = new Backlog("", Map.of(), Map.of(), 0, 0);

    private volatile ConsumerLag lag;

    public CommandConsumer(String bootstrap, String nodeId, Consumer<Envelope> handler) {
        this.nodeId = nodeId;
        this.handler = handler;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "berth-agent-" + nodeId,
                ConsumerConfig.CLIENT_ID_CONFIG, "berth-agent-" + nodeId,
                // Static membership: an agent restarted after a crash takes over its dead predecessor's place at
                // once, instead of waiting out the old member's session before it gets any partition.
                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "berth-agent-" + nodeId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // A new group must not miss commands routed between registration and its first assignment.
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50,
                // An idle agent asks the broker for commands every 5 s rather than twice a second; a command that
                // arrives meanwhile still answers the waiting fetch at once (fetch.min.bytes is 1).
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5000),
                new StringDeserializer(), new EnvelopeDeserializer());
        this.thread = new Thread(this::loop, "berth-agent-commands-" + nodeId);
    }

    /** Reports the lag per partition after every poll; call before {@link #start}. */
    public CommandConsumer measuredBy(ConsumerLag lag) {
        this.lag = lag;
        return this;
    }

    /** Starts the poll thread; the future completes once partitions are assigned. */
    public CompletableFuture<Void> start() {
        thread.start();
        return assigned;
    }

    /** Wakes the poll loop, waits for it to finish the command in hand and closes the consumer. Blocking. */
    public void stop() throws InterruptedException {
        consumer.wakeup();
        thread.join(Duration.ofSeconds(60).toMillis());
    }

    private void loop() {
        try {
            consumer.subscribe(List.of(Topics.NODE_COMMANDS), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    backlog = backlog(partitions);
                    backlog.opening().ifPresent(line -> LOG.info("node " + nodeId + ": " + line));
                    assigned.complete(null);
                }
            });
            while (true) {
                ConsumerRecords<String, Envelope> records = consumer.poll(Duration.ofSeconds(1));
                if (lag != null) {
                    lag.update(consumer);
                }
                for (ConsumerRecord<String, Envelope> record : records) {
                    handle(record);
                    commit(record);
                    backlog.handled(record.partition(), record.offset(), System.nanoTime())
                            .ifPresent(line -> LOG.info("node " + nodeId + ": " + line));
                }
            }
        } catch (WakeupException e) {
            // stop() asked us to leave.
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "command consumer of node " + nodeId + " stopped", e);
            assigned.completeExceptionally(e);
        } finally {
            if (lag != null) {
                lag.close();
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void commit(ConsumerRecord<String, Envelope> record) {
        OffsetCommit.commit(consumer, Map.of(new TopicPartition(record.topic(), record.partition()),
                new OffsetAndMetadata(record.offset() + 1)), "node " + nodeId, LOG);
    }

    // what was published for this group before it joined and not yet handled: replayed first, and logged
    private Backlog backlog(Collection<TopicPartition> partitions) {
        Map<Integer, Long> from = new HashMap<>();
        Map<Integer, Long> to = new HashMap<>();
        consumer.endOffsets(partitions).forEach((tp, end) -> to.put(tp.partition(), end));
        partitions.forEach(tp -> from.put(tp.partition(), consumer.position(tp)));
        return new Backlog("node " + nodeId + "'s commands", from, to, System.nanoTime(), PROGRESS_NANOS);
    }

    private void handle(ConsumerRecord<String, Envelope> record) {
        if (!nodeId.equals(record.key()) || record.value() == null) {
            return;
        }
        try {
            handler.accept(record.value());
        } catch (RuntimeException e) {
            // One command that cannot be handled must not stop the node: log it and move on.
            LOG.log(Level.WARNING, "command " + record.value().id() + " at offset " + record.offset()
                    + " could not be handled", e);
        }
    }
}
