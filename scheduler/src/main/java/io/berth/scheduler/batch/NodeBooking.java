package io.berth.scheduler.batch;

import io.berth.events.state.NodeRecord;
import io.berth.scheduler.placement.PlacementRequest;
import io.berth.scheduler.placement.Placer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one node's record becomes when a batch books requests on it (pure; run inside the entry processor on the
 * member that owns the node's key, so the check and the reservation are one atomic step). Each request is checked
 * as {@link Placer#rejection} checks it against the node as the requests before it left it; one that fits is added
 * to {@code allocated} and to {@code reserving}; one already in {@code reserving} (a replayed batch) is accepted
 * without being counted again.
 */
public final class NodeBooking {
    private NodeBooking() {
    }

    /** The node after the booking, and per request either null (booked) or why the node refused it. */
    public record Booked(NodeRecord node, Map<String, String> refused, List<String> accepted) {
    }

    public static Booked book(NodeRecord node, List<PlacementRequest> requests, Placer placer, long nowMillis) {
        Set<String> reserving = new LinkedHashSet<>(node.reserving());
        Map<String, String> refused = new LinkedHashMap<>();
        List<String> accepted = new ArrayList<>();
        NodeRecord current = node;
        for (PlacementRequest request : requests) {
            if (reserving.contains(request.containerId())) {
                accepted.add(request.containerId());
                continue;
            }
            Optional<String> why = placer.rejection(current, request, nowMillis);
            if (why.isPresent()) {
                refused.put(request.containerId(), "node " + node.id() + ": " + why.get());
                continue;
            }
            current = current.withAllocated(current.allocated().plus(request.wants()));
            reserving.add(request.containerId());
            accepted.add(request.containerId());
        }
        return new Booked(current.withReserving(List.copyOf(reserving)), refused, accepted);
    }

    /** The node once the reservations of {@code ids} are recorded: they leave {@code reserving}. */
    public static NodeRecord recorded(NodeRecord node, Collection<String> ids) {
        List<String> left = node.reserving().stream().filter(id -> !ids.contains(id)).toList();
        return node.withReserving(left);
    }
}
