package io.berth.gateway.volume;

import io.berth.events.state.NodeRecord;
import io.berth.events.state.NodeState;
import io.berth.events.state.VolumeRecord;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The node a volume made by {@code docker volume create} lives on, chosen at once so that {@code inspect} shows its
 * {@code Mountpoint} before any container uses it, as dockerd does: among the nodes that take new work (ready and
 * heart-beating), the one holding the fewest volumes, then the one with the fewest containers reserved, then by
 * id. Pure: the records and the time are inputs. Empty when no node takes work (the volume then stays unplaced and
 * the scheduler places it with its first container).
 */
public final class VolumeHome {

    public static Optional<String> choose(List<NodeRecord> nodes, List<VolumeRecord> volumes, long nowMillis,
                                          long ttlMillis) {
        return nodes.stream()
                .filter(n -> n.state() == NodeState.READY && n.alive(nowMillis, ttlMillis))
                .min(Comparator.<NodeRecord>comparingLong(n -> volumes.stream()
                                .filter(v -> n.id().equals(v.nodeId())).count())
                        .thenComparingInt(n -> n.allocated().containers())
                        .thenComparing(NodeRecord::id))
                .map(NodeRecord::id);
    }

    private VolumeHome() {
    }
}
