package io.berth.scheduler.placement;

import io.berth.events.state.NodeRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Placement as a pure function of a snapshot and a request. Every node goes through the stages in order —
 * ready, where its volumes are (data cannot move, so this comes before any rule), each constraint, each affinity,
 * resource fit, free host ports — and is counted against the first that refuses it;
 * the nodes left are ranked by the request's strategy (or the default). With none left, the reason names the
 * stage that refused the last candidates and counts the nodes by why they were refused.
 */
public final class Placer {
    /** Nodes named one by one in a reason; larger clusters get the counts only. */
    static final int DETAILED_NODES = 10;
    private static final String UNSCHEDULABLE = "unschedulable: ";
    private final NodeReady ready;
    private final ResourceFit fit = new ResourceFit();
    private final HostPortsFree ports = new HostPortsFree();
    private final VolumeLocality volumes = new VolumeLocality();
    private final Strategy defaultStrategy;

    public Placer(long nodeTtlMillis) {
        this(nodeTtlMillis, Strategy.SPREAD);
    }

    public Placer(long nodeTtlMillis, Strategy defaultStrategy) {
        this.ready = new NodeReady(nodeTtlMillis);
        this.defaultStrategy = defaultStrategy;
    }

    /** Filter every node through the stages, rank the ones left, or say why none was left. */
    public Placement place(ClusterSnapshot snapshot, PlacementRequest request) {
        if (snapshot.nodes().isEmpty()) {
            return Placement.nowhere(UNSCHEDULABLE + "no node has joined the cluster");
        }
        Optional<String> split = VolumeLocality.split(request);
        if (split.isPresent()) {
            return Placement.nowhere(UNSCHEDULABLE + split.get());
        }
        List<Stage> stages = stages(snapshot, request);
        List<NodeRecord> feasible = new ArrayList<>();
        List<Refusal> refusals = new ArrayList<>();
        for (NodeRecord node : snapshot.nodes()) {
            filter(stages, node, request, snapshot.nowMillis()).ifPresentOrElse(refusals::add, () -> feasible.add(node));
        }
        return rank(feasible, request).map(best -> Placement.on(best.id()))
                .orElseGet(() -> refused(stages, refusals, snapshot.nodes().size()));
    }

    /** The first stage that refuses {@code node}, in stage order; empty when every stage lets it through. */
    private static Optional<Refusal> filter(List<Stage> stages, NodeRecord node, PlacementRequest request,
                                            long nowMillis) {
        for (int i = 0; i < stages.size(); i++) {
            Optional<String> why = stages.get(i).filter().reject(node, request, nowMillis);
            if (why.isPresent()) {
                return Optional.of(new Refusal(node, i, why.get()));
            }
        }
        return Optional.empty();
    }

    /** The best of the feasible nodes by the request's strategy (or the default); the first of equals wins. */
    private Optional<NodeRecord> rank(List<NodeRecord> feasible, PlacementRequest request) {
        return feasible.stream().min(bestFirst(request));
    }

    /** The order {@link #place} ranks feasible nodes in for {@code request}: its strategy's, or the default's. */
    public Comparator<NodeRecord> bestFirst(PlacementRequest request) {
        return (request.strategy() == null ? defaultStrategy : request.strategy()).bestFirst();
    }

    /**
     * Why no node was left: the stage that refused the nodes that got furthest, the nodes counted by why each
     * was refused, stage by stage, and in a small cluster each node's own reason.
     */
    private static Placement refused(List<Stage> stages, List<Refusal> refusals, int nodes) {
        List<Map<String, Integer>> refusedBy = new ArrayList<>();
        stages.forEach(s -> refusedBy.add(new LinkedHashMap<>()));
        List<String> details = new ArrayList<>();
        int deepest = 0;
        for (Refusal refusal : refusals) {
            deepest = Math.max(deepest, refusal.stage());
            refusedBy.get(refusal.stage()).merge(kind(refusal.why()), 1, Integer::sum);
            if (!refusal.why().equals(kind(refusal.why()))) {
                details.add("node " + refusal.node().id() + ": " + refusal.why());
            }
        }
        return Placement.nowhere(UNSCHEDULABLE + stages.get(deepest).head() + " (" + count(nodes) + ": "
                + breakdown(refusedBy) + ")"
                + (details.isEmpty() || nodes > DETAILED_NODES ? "" : ": " + String.join("; ", details)));
    }

    /**
     * Why {@code node} cannot take {@code request} now, from the first node-local stage that refuses (readiness,
     * constraints, fit, host ports; affinities depend on other records); used again inside the reservation's compare-and-set.
     */
    public Optional<String> rejection(NodeRecord node, PlacementRequest request, long nowMillis) {
        return filter(stages(null, request), node, request, nowMillis).map(Refusal::why);
    }

    /** The stages for this request; without a snapshot (re-checking one node), the affinity stages are left out. */
    private List<Stage> stages(ClusterSnapshot snapshot, PlacementRequest request) {
        List<Stage> stages = new ArrayList<>(2 + request.constraints().size() + request.affinities().size());
        stages.add(new Stage("no node is ready", ready));
        if (!request.volumeNodes().isEmpty()) {
            stages.add(new Stage("no ready node holds the container's volumes", volumes));
        }
        for (Constraint constraint : request.constraints()) {
            stages.add(new Stage("no node satisfies constraint " + constraint,
                    (node, r, now) -> constraint.test(node) ? Optional.empty() : Optional.of(constraint.mismatch())));
        }
        if (snapshot != null) {
            for (Affinity affinity : request.affinities()) {
                Set<String> hosts = snapshot.residents().stream().filter(affinity::selects).map(Resident::nodeId)
                        .collect(Collectors.toSet());
                stages.add(new Stage("no node satisfies affinity " + affinity, (node, r, now) ->
                        hosts.contains(node.id()) == affinity.match().equal()
                                ? Optional.empty() : Optional.of("affinity mismatch")));
            }
        }
        stages.add(new Stage("no node can take the container", fit));
        if (!request.hostPorts().isEmpty()) {
            stages.add(new Stage("no node has the published host ports free", ports));
        }
        return stages;
    }

    /** "not enough memory (wants 4 GiB, 2 GiB free)" is counted as "not enough memory". */
    private static String kind(String why) {
        int paren = why.indexOf(" (");
        return paren < 0 ? why : why.substring(0, paren);
    }

    private static String count(int nodes) {
        return nodes + (nodes == 1 ? " node" : " nodes");
    }

    private static String breakdown(List<Map<String, Integer>> refusedBy) {
        List<String> parts = new ArrayList<>();
        refusedBy.forEach(kinds -> kinds.forEach((kind, n) -> parts.add(n + " " + kind)));
        return String.join(", ", parts);
    }

    private record Stage(String head, NodeFilter filter) {
    }

    /** A node and the stage (by index) that refused it, with its reason. */
    private record Refusal(NodeRecord node, int stage, String why) {
    }
}
