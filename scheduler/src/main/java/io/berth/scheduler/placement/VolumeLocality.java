package io.berth.scheduler.placement;

import io.berth.events.state.NodeRecord;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A container goes where its volumes' data is: a node qualifies only when it holds every placed volume the
 * container mounts. Volumes not yet placed go wherever the container goes.
 */
public record VolumeLocality() implements NodeFilter {

    @Override
    public Optional<String> reject(NodeRecord node, PlacementRequest request, long nowMillis) {
        for (Map.Entry<String, String> v : new TreeMap<>(request.volumeNodes()).entrySet()) {
            if (!v.getValue().equals(node.id())) {
                return Optional.of("does not hold volume " + v.getKey() + " (on node " + v.getValue() + ")");
            }
        }
        return Optional.empty();
    }

    /** Why no node can ever qualify: the volumes sit on two or more nodes. Empty when they share one (or none). */
    static Optional<String> split(PlacementRequest request) {
        Map<String, String> byNode = new TreeMap<>();
        new TreeMap<>(request.volumeNodes()).forEach((volume, node) -> byNode.putIfAbsent(node, volume));
        if (byNode.size() < 2) {
            return Optional.empty();
        }
        StringBuilder what = new StringBuilder();
        byNode.forEach((node, volume) -> what.append(what.length() == 0 ? "" : ", ")
                .append("volume ").append(volume).append(" is on node ").append(node));
        return Optional.of("the container's volumes are on different nodes (" + what
                + "); a container can mount volumes of one node only");
    }
}
