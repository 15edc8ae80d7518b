package io.berth.deploy.bench;

import com.hazelcast.core.HazelcastInstance;
import io.berth.events.Json;
import io.berth.events.Maps;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.NodeRecord;
import io.berth.scheduler.reservation.Reservation;

import java.util.HashMap;
import java.util.Map;

/**
 * After a benchmark, that its speed cost nothing: every placed record holds a reservation on its own node, and
 * each node's {@code allocated} counts exactly the reservations on it (none over its capacity, none left in
 * {@code reserving}). Prints one line; a mismatch is printed as {@code AUDIT FAILED} with the figures.
 */
final class Audit {
    private Audit() {
    }

    static void check(HazelcastInstance hazelcast, int nodeCount) {
        Map<String, String> containers = hazelcast.getMap(Maps.CONTAINERS);
        Map<String, String> reservations = hazelcast.getMap(Reservation.MAP);
        Map<String, String> nodes = hazelcast.getMap(Maps.NODES);
        int placed = 0;
        int unreserved = 0;
        int elsewhere = 0;
        for (String json : containers.values()) {
            ContainerRecord record = Json.read(json, ContainerRecord.class);
            if (record.nodeId() == null) {
                continue;
            }
            placed++;
            String held = reservations.get(record.id());
            if (held == null) {
                unreserved++;
            } else if (!Json.read(held, Reservation.class).nodeId().equals(record.nodeId())) {
                elsewhere++;
            }
        }
        Map<String, Integer> perNode = new HashMap<>();
        reservations.values().forEach(json -> perNode.merge(Json.read(json, Reservation.class).nodeId(), 1, Integer::sum));
        int over = 0;
        int miscounted = 0;
        int reserving = 0;
        for (String json : nodes.values()) {
            NodeRecord node = Json.read(json, NodeRecord.class);
            if (node.allocated().containers() > node.capacity().containers()) {
                over++;
            }
            if (node.allocated().containers() != perNode.getOrDefault(node.id(), 0)) {
                miscounted++;
            }
            reserving += node.reserving().size();
        }
        boolean ok = unreserved == 0 && elsewhere == 0 && over == 0 && miscounted == 0 && reserving == 0
                && reservations.size() == placed;
        System.out.printf("%s: %d placed records, %d reservations, %d without one, %d on another node; of %d nodes "
                        + "%d over capacity, %d whose allocation differs from their reservations, %d still reserving%n",
                ok ? "audit ok" : "AUDIT FAILED", placed, reservations.size(), unreserved, elsewhere, nodeCount, over,
                miscounted, reserving);
    }
}
