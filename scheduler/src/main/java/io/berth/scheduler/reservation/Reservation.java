package io.berth.scheduler.reservation;

import io.berth.events.state.Capacity;

/** What the scheduler reserved for one container (Hazelcast map {@code reservations}, by container id). */
public record Reservation(String nodeId, Capacity capacity) {
    /** The Hazelcast map holding them, written with the reservation and removed on release. */
    public static final String MAP = "reservations";
}
