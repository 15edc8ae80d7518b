package io.berth.scheduler.reservation;

import java.util.concurrent.ConcurrentMap;

/**
 * The Hazelcast {@code containers} map (container id → {@code ContainerRecord} JSON), read for affinity rules.
 * A type of its own so it cannot be passed where another map of strings goes.
 */
public record ContainersMap(ConcurrentMap<String, String> map) {
}
