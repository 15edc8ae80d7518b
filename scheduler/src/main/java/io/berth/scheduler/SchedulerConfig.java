package io.berth.scheduler;

import io.berth.scheduler.placement.Strategy;

/**
 * How a scheduler instance runs.
 *
 * @param kafkaBootstrap Kafka bootstrap servers
 * @param instanceId     unique name of this instance (the CloudEvents source is {@code /berth/scheduler/<id>})
 * @param nodeTtlMillis  a node whose last heartbeat is older than this is not placed on
 * @param strategy       how nodes are ranked when a container names no {@code berth.strategy}: spread or binpack
 * @param nodeGraceMillis a node whose last heartbeat is older than this is marked down and its containers lost
 */
public record SchedulerConfig(String kafkaBootstrap, String instanceId, long nodeTtlMillis, Strategy strategy,
                              long nodeGraceMillis) {
    /** The default grace before a silent node is marked down. */
    public static final long DEFAULT_GRACE_MILLIS = 10_000;

    public SchedulerConfig {
        strategy = strategy == null ? Strategy.SPREAD : strategy;
    }

    /** With the default grace. */
    public SchedulerConfig(String kafkaBootstrap, String instanceId, long nodeTtlMillis, Strategy strategy) {
        this(kafkaBootstrap, instanceId, nodeTtlMillis, strategy, DEFAULT_GRACE_MILLIS);
    }

    /** With the default strategy, spread, and the default grace. */
    public SchedulerConfig(String kafkaBootstrap, String instanceId, long nodeTtlMillis) {
        this(kafkaBootstrap, instanceId, nodeTtlMillis, Strategy.SPREAD);
    }
}
