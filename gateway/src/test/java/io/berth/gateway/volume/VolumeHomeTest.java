package io.berth.gateway.volume;

import io.berth.events.state.Capacity;
import io.berth.events.state.NodeRecord;
import io.berth.events.state.NodeState;
import io.berth.events.state.VolumeRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class VolumeHomeTest {
    private static final long NOW = 1_000_000;
    private static final long TTL = 10_000;

    private static NodeRecord node(String id, NodeState state, long heartbeat, int containers) {
        return new NodeRecord(id, "a", Capacity.ZERO, new Capacity(0, 0, containers), Map.of(), heartbeat, state, 2,
                "6");
    }

    private static VolumeRecord on(String node) {
        return VolumeRecord.created("v-" + node + Math.random(), Map.of(), "t", false).placedOn(node);
    }

    @Test
    void theNodeWithFewestVolumesThenFewestContainersThenById() {
        List<NodeRecord> nodes = List.of(node("n1", NodeState.READY, NOW, 0), node("n2", NodeState.READY, NOW, 5),
                node("n3", NodeState.READY, NOW, 1));
        assertEquals(Optional.of("n1"), VolumeHome.choose(nodes, List.of(), NOW, TTL));
        assertEquals(Optional.of("n3"), VolumeHome.choose(nodes, List.of(on("n1")), NOW, TTL));
        assertEquals(Optional.of("n2"), VolumeHome.choose(nodes, List.of(on("n1"), on("n3")), NOW, TTL));
        List<NodeRecord> tied = List.of(node("b", NodeState.READY, NOW, 0), node("a", NodeState.READY, NOW, 0));
        assertEquals(Optional.of("a"), VolumeHome.choose(tied, List.of(), NOW, TTL));
    }

    @Test
    void onlyNodesThatTakeNewWork() {
        List<NodeRecord> nodes = List.of(node("silent", NodeState.READY, NOW - TTL - 1, 0),
                node("cordoned", NodeState.CORDONED, NOW, 0), node("draining", NodeState.DRAINING, NOW, 0),
                node("down", NodeState.DOWN, NOW, 0));
        assertEquals(Optional.empty(), VolumeHome.choose(nodes, List.of(), NOW, TTL));
        assertEquals(Optional.empty(), VolumeHome.choose(List.of(), List.of(), NOW, TTL));
    }
}
