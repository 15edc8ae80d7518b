package io.berth.events.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code berth_kafka_consumer_lag_records{group,topic,partition}}: how many records each assigned partition's
 * end is ahead of this consumer's position, as of its last poll. Updated on the polling thread (the consumer is
 * not thread-safe); a partition given away is dropped from the registry.
 */
public final class ConsumerLag {
    private final MeterRegistry registry;
    private final String group;
    private final Map<TopicPartition, Entry> lags = new ConcurrentHashMap<>();

    private record Entry(AtomicLong lag, Gauge gauge) {
    }

    public ConsumerLag(MeterRegistry registry, String group) {
        this.registry = registry;
        this.group = group;
    }

    /** Call on the consumer's own thread, after a poll. */
    public void update(Consumer<?, ?> consumer) {
        var assigned = consumer.assignment();
        lags.keySet().removeIf(tp -> {
            if (assigned.contains(tp)) {
                return false;
            }
            registry.remove(lags.get(tp).gauge());
            return true;
        });
        for (TopicPartition tp : assigned) {
            OptionalLong lag = consumer.currentLag(tp);
            if (lag.isPresent()) {
                lags.computeIfAbsent(tp, this::register).lag().set(lag.getAsLong());
            }
        }
    }

    private Entry register(TopicPartition tp) {
        AtomicLong lag = new AtomicLong();
        Gauge gauge = Gauge.builder("berth.kafka.consumer.lag", lag, AtomicLong::get)
                .description("Records between the partition's end and the consumer's position")
                .baseUnit("records")
                .tag("group", group)
                .tag("topic", tp.topic())
                .tag("partition", Integer.toString(tp.partition()))
                .register(registry);
        return new Entry(lag, gauge);
    }

    /** Removes every gauge (the consumer is closing). */
    public void close() {
        lags.values().forEach(e -> registry.remove(e.gauge()));
        lags.clear();
    }
}
