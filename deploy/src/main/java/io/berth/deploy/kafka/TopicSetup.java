package io.berth.deploy.kafka;

import io.berth.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TopicExistsException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creates Berth's topics if they are missing; existing topics are left as they are. Several control hosts may run
 * it at once: whichever creates a topic first wins, the others see it exists, and all ask for the same settings.
 */
public final class TopicSetup {
    public static final int PARTITIONS = 3;
    private static final long RETRY_MILLIS = 1000;

    /** The topics Berth needs, with their settings; the replication factor is the cluster's default. */
    public static List<NewTopic> topics() {
        return topics(Optional.empty(), 0);
    }

    /**
     * The topics Berth needs, with {@code replicas} per partition (empty: the cluster's default) and, when
     * {@code minInsync} is above 0, that many replicas holding a write before a producer with acks=all hears OK.
     */
    public static List<NewTopic> topics(Optional<Short> replicas, int minInsync) {
        return topics(replicas, minInsync, PARTITIONS);
    }

    /**
     * As {@link #topics(Optional, int)}, with {@code commandPartitions} partitions of {@code container-commands}:
     * the schedulers share that topic's partitions (a container's commands stay in one), so it bounds how many
     * schedulers work at once; every other topic has {@link #PARTITIONS}.
     */
    public static List<NewTopic> topics(Optional<Short> replicas, int minInsync, int commandPartitions) {
        return Topics.ALL.stream().map(name -> {
            Map<String, String> configs = new HashMap<>(Topics.compacted(name)
                    ? Map.of("cleanup.policy", "compact")
                    // Said per topic too, so an external cluster with a retention default keeps them as well.
                    : Map.of("cleanup.policy", "delete", "retention.ms", "-1", "retention.bytes", "-1"));
            if (minInsync > 0) {
                configs.put("min.insync.replicas", Integer.toString(minInsync));
            }
            int partitions = Topics.CONTAINER_COMMANDS.equals(name) ? commandPartitions : PARTITIONS;
            return new NewTopic(name, Optional.of(partitions), replicas).configs(configs);
        }).toList();
    }

    /** Blocks until every topic exists; returns the names it created, in the order of {@link Topics#ALL}. */
    public static List<String> ensure(String bootstrap, Duration timeout) throws Exception {
        return ensure(bootstrap, timeout, Optional.empty(), 0);
    }

    /**
     * As {@link #ensure(String, Duration)}, with {@link #topics(Optional, int)}'s settings. While fewer brokers
     * than {@code replicas} have registered (control hosts starting together), it retries until {@code timeout}.
     */
    public static List<String> ensure(String bootstrap, Duration timeout, Optional<Short> replicas, int minInsync)
            throws Exception {
        return ensure(bootstrap, timeout, replicas, minInsync, PARTITIONS);
    }

    /** As {@link #ensure(String, Duration, Optional, int)}, {@code container-commands} with that many partitions. */
    public static List<String> ensure(String bootstrap, Duration timeout, Optional<Short> replicas, int minInsync,
                                      int commandPartitions) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "berth-topic-setup");
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(props)) {
            List<NewTopic> missing = topics(replicas, minInsync, commandPartitions);
            List<String> created = new ArrayList<>();
            while (true) {
                var results = admin.createTopics(missing).values();
                List<NewTopic> retry = new ArrayList<>();
                for (NewTopic topic : missing) {
                    try {
                        results.get(topic.name()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                        created.add(topic.name());
                    } catch (ExecutionException e) {
                        if (e.getCause() instanceof InvalidReplicationFactorException
                                && System.nanoTime() < deadline) {
                            retry.add(topic);
                        } else if (!(e.getCause() instanceof TopicExistsException)) {
                            throw new IllegalStateException("cannot create topic " + topic.name() + " on "
                                    + bootstrap + ": " + e.getCause().getMessage(), e.getCause());
                        }
                    }
                }
                if (retry.isEmpty()) {
                    return Topics.ALL.stream().filter(created::contains).toList();
                }
                missing = retry;
                Thread.sleep(RETRY_MILLIS);
            }
        }
    }

    private TopicSetup() {
    }
}
