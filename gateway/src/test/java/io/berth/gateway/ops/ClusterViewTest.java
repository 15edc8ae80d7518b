package io.berth.gateway.ops;

import io.berth.events.ContainerState;
import io.berth.events.spec.ContainerSpec;
import io.berth.events.state.Capacity;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.NodeRecord;
import io.berth.events.state.NodeState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClusterViewTest {
    static ContainerRecord container(String id, String name, String node, ContainerState state) {
        ContainerSpec spec = ContainerSpec.builder("busybox").imageId("sha256:c").repository("library/busybox")
                .manifestDigest("sha256:m").cmd("true").hostname("h").build();
        return ContainerRecord.accepted(id, name, spec, "{}", "2026-01-01T00:00:00Z").withNode(node).withStatus(state);
    }

    @Test
    void nodesCarryLivenessAndTheirContainersAndCountsCoverTheUnplaced() {
        NodeRecord fresh = new NodeRecord("b", "127.0.0.1:1", new Capacity(2, 100, 0), new Capacity(0, 0, 1), Map.of(),
                9_000, NodeState.READY, 1, "k");
        NodeRecord stale = new NodeRecord("a", "127.0.0.1:2", Capacity.ZERO, Capacity.ZERO, Map.of(), 0, NodeState.CORDONED, 2,
                "k");
        List<ContainerRecord> containers = List.of(container("1", "web", "b", ContainerState.RUNNING),
                container("2", "job", null, ContainerState.CREATED));
        Map<String, Object> view = ClusterView.cluster(List.of(fresh, stale), containers, 10_000, 5_000);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> nodes = (List<Map<String, Object>>) view.get("nodes");
        assertEquals(List.of("a", "b"), nodes.stream().map(n -> n.get("id")).toList());
        assertEquals(false, nodes.get(0).get("alive"));
        assertEquals(true, nodes.get(1).get("alive"));
        assertEquals(1, ((List<?>) nodes.get(1).get("containers")).size());
        @SuppressWarnings("unchecked")
        Map<String, Object> counts = (Map<String, Object>) view.get("containers");
        assertEquals(2, counts.get("total"));
        assertEquals(1L, counts.get("unplaced"));
        assertEquals(1L, ((Map<?, ?>) counts.get("byState")).get("running"));
    }
}
