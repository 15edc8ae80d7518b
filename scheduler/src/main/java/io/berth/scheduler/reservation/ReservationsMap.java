package io.berth.scheduler.reservation;

import java.util.concurrent.ConcurrentMap;

/**
 * The Hazelcast reservations map (container id → {@code Reservation} JSON).
 * A type of its own so it cannot be passed where another map of strings goes.
 */
public record ReservationsMap(ConcurrentMap<String, String> map) {
}
