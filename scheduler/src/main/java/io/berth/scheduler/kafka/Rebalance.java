package io.berth.scheduler.kafka;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.concurrent.CountDownLatch;

/** Opens a latch on the first assignment so callers can wait until the consumer really reads. */
final class Rebalance implements ConsumerRebalanceListener {
    private final CountDownLatch assigned;

    Rebalance(CountDownLatch assigned) {
        this.assigned = assigned;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        // offsets are committed after every batch, so there is nothing in flight to flush
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        assigned.countDown();
    }
}
