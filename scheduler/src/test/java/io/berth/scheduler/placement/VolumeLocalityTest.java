package io.berth.scheduler.placement;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static io.berth.scheduler.placement.Nodes.TTL;
import static io.berth.scheduler.placement.Nodes.node;
import static io.berth.scheduler.placement.Nodes.snapshot;
import static io.berth.scheduler.placement.Nodes.used;
import static io.berth.scheduler.placement.Nodes.wants;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Placement with volumes, one row per case: three nodes (a emptiest, so spread prefers it), the volumes the
 * container mounts that are already placed ({@code name@node}), and where it must land or why it is refused.
 */
class VolumeLocalityTest {
    private static final Placer PLACER = new Placer(TTL);

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("no placed volume: spread picks the emptiest", "", "node-a"),
                Arguments.of("a volume on b pulls the container to b", "data@node-b", "node-b"),
                Arguments.of("two volumes on c", "data@node-c,logs@node-c", "node-c"),
                Arguments.of("volumes on two nodes", "data@node-b,logs@node-c",
                        "unschedulable: the container's volumes are on different nodes (volume data is on node node-b, "
                                + "volume logs is on node node-c); a container can mount volumes of one node only"),
                Arguments.of("a volume on a node that left", "data@node-gone",
                        "unschedulable: no ready node holds the container's volumes (3 nodes: 3 does not hold volume data): "
                                + "node node-a: does not hold volume data (on node node-gone); "
                                + "node node-b: does not hold volume data (on node node-gone); "
                                + "node node-c: does not hold volume data (on node node-gone)"),
                Arguments.of("the volume's node is full", "data@node-b:full",
                        "unschedulable: no node can take the container (3 nodes: 2 does not hold volume data, "
                                + "1 not enough memory): node node-a: does not hold volume data (on node node-b); "
                                + "node node-b: not enough memory (wants 1 GiB, 0 B free); "
                                + "node node-c: does not hold volume data (on node node-b)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void places(String name, String volumes, String expected) {
        boolean full = volumes.endsWith(":full");
        Map<String, String> homes = new TreeMap<>();
        for (String v : volumes.replace(":full", "").split(",")) {
            if (!v.isEmpty()) {
                homes.put(v.substring(0, v.indexOf('@')), v.substring(v.indexOf('@') + 1));
            }
        }
        ClusterSnapshot cluster = snapshot(node("node-a", 8), node("node-b", 8, used(2, full ? 8 : 2)),
                node("node-c", 8, used(3, 3)));
        Placement p = PLACER.place(cluster, wants(0, 1).withVolumeNodes(homes));
        assertEquals(expected, p.placed() ? p.nodeId() : p.reason());
    }
}
