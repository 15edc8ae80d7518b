package io.berth.gateway.bus;

import io.berth.events.Topics;
import io.berth.events.wire.Envelope;
import io.berth.events.wire.EnvelopeDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads {@code container-events} on its own thread into the inbox. No consumer group: every gateway
 * instance sees every event, from the end of each partition as it was when {@link #open} returned.
 */
public final class EventConsumer {
    private static final Logger LOG = Logger.getLogger(EventConsumer.class.getName());
    private final KafkaConsumer<String, Envelope> consumer;
    private final EventInbox inbox;
    private final Thread thread;
    private volatile boolean running = true;

    private EventConsumer(KafkaConsumer<String, Envelope> consumer, EventInbox inbox, String instanceId) {
        this.consumer = consumer;
        this.inbox = inbox;
        this.thread = new Thread(this::loop, "berth-gateway-events-" + instanceId);
        this.thread.setDaemon(true);
    }

    /**
     * Blocking: assigns every partition, positioned at its end now (so no answer to a later command is
     * missed), and starts the reading thread.
     */
    public static EventConsumer open(String bootstrap, String instanceId, EventInbox inbox, Duration deadline) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "berth-gateway-" + instanceId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, EnvelopeDeserializer.class.getName());
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(deadline.toMillis()));
        KafkaConsumer<String, Envelope> consumer = new KafkaConsumer<>(p);
        try {
            List<TopicPartition> partitions = partitions(consumer, deadline);
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            // seekToEnd is lazy: asking the position pins the end offsets now, before any command goes out
            partitions.forEach(consumer::position);
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
        EventConsumer c = new EventConsumer(consumer, inbox, instanceId);
        c.thread.start();
        return c;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, Envelope> consumer, Duration deadline) {
        long until = System.nanoTime() + deadline.toNanos();
        while (true) {
            List<PartitionInfo> infos = consumer.partitionsFor(Topics.CONTAINER_EVENTS, deadline);
            if (infos != null && !infos.isEmpty()) {
                List<TopicPartition> out = new ArrayList<>();
                infos.forEach(i -> out.add(new TopicPartition(i.topic(), i.partition())));
                return out;
            }
            if (System.nanoTime() > until) {
                throw new IllegalStateException("topic " + Topics.CONTAINER_EVENTS + " does not exist");
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for topic " + Topics.CONTAINER_EVENTS);
        }
    }

    private void loop() {
        try {
            while (running) {
                for (ConsumerRecord<String, Envelope> r : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        inbox.deliver(r.value());
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "event at " + r.topic() + "/" + r.partition() + "@" + r.offset()
                                + " could not be delivered", e);
                    }
                }
            }
        } catch (WakeupException e) {
            // close() woke us up
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "container-events consumer stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Blocking: stops the thread and closes the consumer. */
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
