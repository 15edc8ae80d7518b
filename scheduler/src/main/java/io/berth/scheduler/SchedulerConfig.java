package io.berth.scheduler;

/**
 * How a scheduler instance runs.
 *
 * @param kafkaBootstrap Kafka bootstrap servers
 * @param instanceId     unique name of this instance (the CloudEvents source is {@code /berth/scheduler/<id>})
 * @param nodeTtlMillis  a node whose last heartbeat is older than this is not placed on
 */
public record SchedulerConfig(String kafkaBootstrap, String instanceId, long nodeTtlMillis) {
}
