package io.berth.events.kafka;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OffsetCommitTest {
    private static final Logger LOG = Logger.getLogger(OffsetCommitTest.class.getName());
    private static final Map<TopicPartition, OffsetAndMetadata> OFFSETS =
            Map.of(new TopicPartition("t", 0), new OffsetAndMetadata(7));

    /** A consumer whose commits fail as scripted, then succeed. */
    private static final class ScriptedCommits extends MockConsumer<String, String> {
        final Deque<RuntimeException> failures;
        int calls;

        ScriptedCommits(RuntimeException... failures) {
            super(OffsetResetStrategy.EARLIEST);
            this.failures = new ArrayDeque<>(List.of(failures));
        }

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
            calls++;
            if (!failures.isEmpty()) {
                throw failures.poll();
            }
            super.commitSync(offsets, timeout);
        }
    }

    @Test
    void aBrokerOutageIsWaitedOut() {
        ScriptedCommits consumer = new ScriptedCommits(new TimeoutException("down"), new TimeoutException("down"));
        assertTrue(OffsetCommit.commit(consumer, OFFSETS, "test", LOG));
        assertEquals(3, consumer.calls);
    }

    @Test
    void aCommitRefusedAfterARebalanceIsDroppedNotThrown() {
        assertFalse(OffsetCommit.commit(new ScriptedCommits(new CommitFailedException()), OFFSETS, "test", LOG));
        assertFalse(OffsetCommit.commit(new ScriptedCommits(new RebalanceInProgressException()), OFFSETS, "test",
                LOG));
    }
}
