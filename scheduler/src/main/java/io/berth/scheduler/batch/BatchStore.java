package io.berth.scheduler.batch;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster state a batch of creates reads and writes, each call one round trip for the whole batch (Hazelcast
 * {@code getAll}, {@code putAll}, {@code executeOnKeys} in production).
 */
public interface BatchStore {
    /** Reservations (JSON) of those ids that hold one. */
    Map<String, String> reservations(Set<String> ids);

    /** Books each node's requests on its record ({@link NodeBooking}); one result per node asked. */
    Map<String, BookOnNodes.Result> book(Map<String, List<Want>> perNode, long nowMillis);

    /** Writes reservations (container id → JSON). */
    void putReservations(Map<String, String> reservations);

    /** Takes recorded containers out of their nodes' {@code reserving}; node id → the record after (JSON). */
    Map<String, String> recorded(Map<String, Set<String>> perNode);

    /** Sets the node of each record; container id → its actor (JSON), absent when the record vanished. */
    Map<String, String> place(Map<String, String> nodeOf);
}
