package io.berth.scheduler.placement;

import io.berth.events.state.Capacity;
import io.berth.events.state.NodeRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Places a batch of requests on one snapshot, each exactly as {@link Placer#place} would on the cluster the
 * requests before it left: a chosen node holds the request's resources before the next one is placed, so a batch
 * never plans more onto a node than the snapshot says it has free. Pure: the same snapshot and requests always give
 * the same placements, in request order.
 * <p>
 * Why not {@code place} in a loop: that filters and ranks every node for every request (O(nodes) each). Requests
 * without rules that want the same resources under the same strategy (a burst of one image's containers) see the
 * same nodes as feasible and rank them the same way, so they share one ordered set of the feasible nodes: the best
 * is its first; placing changes only that node, which is taken out and put back where it now ranks (or left out
 * when it no longer fits). O(log nodes) per request. Requests with rules go through {@code place} itself.
 */
public final class BatchPlan {
    private final Placer placer;

    public BatchPlan(Placer placer) {
        this.placer = placer;
    }

    public List<Placement> plan(ClusterSnapshot snapshot, List<PlacementRequest> requests) {
        Map<String, NodeRecord> nodes = new LinkedHashMap<>();
        snapshot.nodes().forEach(n -> nodes.put(n.id(), n));
        Map<Shape, TreeSet<NodeRecord>> feasible = new HashMap<>();
        List<Placement> out = new ArrayList<>(requests.size());
        ClusterSnapshot current = snapshot;
        boolean changed = false;
        for (PlacementRequest request : requests) {
            Placement placement;
            if (shared(request)) {
                TreeSet<NodeRecord> set = feasible.computeIfAbsent(new Shape(request.wants(), request.strategy()),
                        shape -> feasibleSet(nodes.values(), request, snapshot.nowMillis()));
                placement = set.isEmpty() ? null : Placement.on(set.first().id());
            } else {
                placement = null;
            }
            if (placement == null) {
                // rules, or nowhere to go: the full pass, which also words the reason
                if (changed) {
                    current = new ClusterSnapshot(List.copyOf(nodes.values()), snapshot.nowMillis(), snapshot.residents());
                    changed = false;
                }
                placement = placer.place(current, request);
            }
            out.add(placement);
            if (placement.placed()) {
                NodeRecord before = nodes.get(placement.nodeId());
                NodeRecord after = before.withAllocated(before.allocated().plus(request.wants()));
                nodes.put(after.id(), after);
                changed = true;
                feasible.forEach((shape, set) -> {
                    set.remove(before);
                    if (placer.rejection(after, shape.request(), snapshot.nowMillis()).isEmpty()) {
                        set.add(after);
                    }
                });
            }
        }
        return out;
    }

    /** Whether {@code request} depends on nothing but a node's own record (readiness, fit): no rule, port or volume. */
    private static boolean shared(PlacementRequest request) {
        return request.constraints().isEmpty() && request.affinities().isEmpty() && request.hostPorts().isEmpty()
                && request.volumeNodes().isEmpty();
    }

    private TreeSet<NodeRecord> feasibleSet(Iterable<NodeRecord> nodes, PlacementRequest request, long nowMillis) {
        TreeSet<NodeRecord> set = new TreeSet<>(placer.bestFirst(request));
        for (NodeRecord node : nodes) {
            if (placer.rejection(node, request, nowMillis).isEmpty()) {
                set.add(node);
            }
        }
        return set;
    }

    /** What a rule-less request is ranked and filtered by. */
    private record Shape(Capacity wants, Strategy strategy) {
        PlacementRequest request() {
            return new PlacementRequest("", wants, List.of(), List.of(), strategy);
        }
    }
}
