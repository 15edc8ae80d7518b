package io.berth.scheduler;

/**
 * How a scheduler instance runs.
 *
 * @param kafkaBootstrap Kafka bootstrap servers
 * @param instanceId     unique name of this instance (the CloudEvents source is {@code /berth/scheduler/<id>})
 * @param nodeTtlMillis  a node whose last heartbeat is older than this is not placed on
 * @param nodeGraceMillis a node whose last heartbeat is older than this is marked down and its containers lost
 */
public record SchedulerConfig(String kafkaBootstrap, String instanceId, long nodeTtlMillis, long nodeGraceMillis) {
    /** The default grace before a silent node is marked down. */
    public static final long DEFAULT_GRACE_MILLIS = 10_000;

    public SchedulerConfig(String kafkaBootstrap, String instanceId, long nodeTtlMillis) {
        this(kafkaBootstrap, instanceId, nodeTtlMillis, DEFAULT_GRACE_MILLIS);
    }
}
