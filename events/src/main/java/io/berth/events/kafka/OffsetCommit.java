package io.berth.events.kafka;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;

import java.time.Duration;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Commits a consumer loop's offsets without ever ending the loop: a broker outage is waited out, and a commit
 * refused because the group moved on without this member (a long outage or freeze) is dropped — the partition is
 * read again from its last commit by whoever holds it, which every Berth handler tolerates (they are idempotent;
 * a command skipped would not be).
 */
public final class OffsetCommit {
    private OffsetCommit() {
    }

    /** Commits {@code offsets}; returns false when the group refused them after a rebalance. */
    public static boolean commit(Consumer<?, ?> consumer, Map<TopicPartition, OffsetAndMetadata> offsets,
                                 String who, Logger log) {
        for (int attempt = 1; ; attempt++) {
            try {
                consumer.commitSync(offsets, Duration.ofSeconds(30));
                return true;
            } catch (CommitFailedException | RebalanceInProgressException e) {
                log.warning(who + ": commit of " + offsets.values() + " refused after a rebalance; the records will"
                        + " be read again");
                return false;
            } catch (RetriableException e) {
                if (attempt == 1 || attempt % 10 == 0) {
                    log.warning(who + ": cannot commit " + offsets.values() + " yet (try " + attempt + "): "
                            + e.getMessage());
                }
            }
        }
    }
}
