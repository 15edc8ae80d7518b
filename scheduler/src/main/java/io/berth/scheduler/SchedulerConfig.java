package io.berth.scheduler;

import io.berth.scheduler.placement.Strategy;

/**
 * How a scheduler instance runs.
 *
 * @param kafkaBootstrap Kafka bootstrap servers
 * @param instanceId     unique name of this instance (the CloudEvents source is {@code /berth/scheduler/<id>})
 * @param nodeTtlMillis  a node whose last heartbeat is older than this is not placed on
 * @param strategy       how nodes are ranked when a container names no {@code berth.strategy}: spread or binpack
 */
public record SchedulerConfig(String kafkaBootstrap, String instanceId, long nodeTtlMillis, Strategy strategy) {

    public SchedulerConfig {
        strategy = strategy == null ? Strategy.SPREAD : strategy;
    }

    /** With the default strategy, spread. */
    public SchedulerConfig(String kafkaBootstrap, String instanceId, long nodeTtlMillis) {
        this(kafkaBootstrap, instanceId, nodeTtlMillis, Strategy.SPREAD);
    }
}
