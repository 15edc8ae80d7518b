package io.berth.scheduler.placement;

import io.berth.events.state.NodeRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Placement as a pure function of a snapshot and a request. Readiness is checked before fit so that a dead
 * node is reported as not ready rather than as full; more stages (constraints) slot in after fit.
 */
public final class Placer {
    private final NodeReady ready;
    private final List<NodeFilter> stages;

    public Placer(long nodeTtlMillis) {
        this.ready = new NodeReady(nodeTtlMillis);
        this.stages = List.of(ready, new ResourceFit());
    }

    public Placement place(ClusterSnapshot snapshot, PlacementRequest request) {
        if (snapshot.nodes().isEmpty()) {
            return Placement.nowhere("no node is ready: no node has joined the cluster");
        }
        List<NodeRecord> feasible = new ArrayList<>();
        List<String> rejections = new ArrayList<>();
        boolean onlyReadiness = true;
        for (NodeRecord node : snapshot.nodes()) {
            Optional<String> why = rejection(node, request, snapshot.nowMillis());
            if (why.isEmpty()) {
                feasible.add(node);
            } else {
                rejections.add("node " + node.id() + ": " + why.get());
                onlyReadiness &= ready.reject(node, request, snapshot.nowMillis()).isPresent();
            }
        }
        if (!feasible.isEmpty()) {
            return Placement.on(feasible.stream().min(SpreadScore.BEST_FIRST).orElseThrow().id());
        }
        String head = onlyReadiness ? "no node is ready" : "no node can take the container";
        return Placement.nowhere(head + ": " + String.join("; ", rejections));
    }

    /** Why {@code node} cannot take {@code request} now, from the first stage that refuses; used again on reserve. */
    public Optional<String> rejection(NodeRecord node, PlacementRequest request, long nowMillis) {
        for (NodeFilter stage : stages) {
            Optional<String> why = stage.reject(node, request, nowMillis);
            if (why.isPresent()) {
                return why;
            }
        }
        return Optional.empty();
    }
}
