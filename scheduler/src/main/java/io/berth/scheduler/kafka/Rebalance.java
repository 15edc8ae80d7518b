package io.berth.scheduler.kafka;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * Opens a latch on the first assignment so callers can wait until the consumer really reads, and hands every
 * assignment to {@code onAssigned} (the loop measures what it must replay).
 */
final class Rebalance implements ConsumerRebalanceListener {
    private final CountDownLatch assigned;
    private final Consumer<Collection<TopicPartition>> onAssigned;

    Rebalance(CountDownLatch assigned, Consumer<Collection<TopicPartition>> onAssigned) {
        this.assigned = assigned;
        this.onAssigned = onAssigned;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        // offsets are committed after every batch, so there is nothing in flight to flush
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        onAssigned.accept(partitions);
        assigned.countDown();
    }
}
