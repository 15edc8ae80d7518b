package io.berth.scheduler.reservation;

import java.util.concurrent.ConcurrentMap;

/**
 * The Hazelcast {@code nodes} map (node id → {@code NodeRecord} JSON), where reservations are swapped in.
 * A type of its own so it cannot be passed where another map of strings goes.
 */
public record NodesMap(ConcurrentMap<String, String> map) {
}
