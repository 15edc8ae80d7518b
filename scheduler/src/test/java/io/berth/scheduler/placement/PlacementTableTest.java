package io.berth.scheduler.placement;

import io.berth.events.state.Capacity;
import io.berth.events.state.NodeRecord;
import io.berth.events.state.NodeState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.berth.scheduler.placement.Nodes.CPU;
import static io.berth.scheduler.placement.Nodes.GIB;
import static io.berth.scheduler.placement.Nodes.NOW;
import static io.berth.scheduler.placement.Nodes.TTL;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The placement harness: each row is a cluster snapshot, a request written as a user writes it (env
 * entries and labels) and the node it must land on, or the exact reason it must be refused with.
 */
class PlacementTableTest {
    private static final Placer PLACER = new Placer(TTL);

    /** {@code id:gib:usedContainers:usedGib[:label=value,...]}, ready with a fresh heartbeat and 4 CPUs. */
    private static NodeRecord n(String text) {
        String[] f = text.split(":");
        Map<String, String> labels = new java.util.TreeMap<>();
        if (f.length > 4) {
            for (String pair : f[4].split(",")) {
                labels.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        return new NodeRecord(f[0], "127.0.0.1:0", new Capacity(4 * CPU, Long.parseLong(f[1]) * GIB, 0, 1000),
                new Capacity(0, Long.parseLong(f[3]) * GIB, Integer.parseInt(f[2])), labels, NOW - 500, NodeState.READY, 2, "6.1");
    }

    /** {@code id@node[:label=value,...]}: a container already placed. */
    private static Resident r(String text) {
        String[] f = text.split("[@:]");
        Map<String, String> labels = new java.util.TreeMap<>();
        if (f.length > 2) {
            for (String pair : f[2].split(",")) {
                labels.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        return new Resident("id-" + f[0], f[0], f[1], labels);
    }

    private record Row(String name, List<NodeRecord> nodes, List<Resident> residents, Capacity wants,
                       List<String> env, Map<String, String> labels, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final class RowBuilder {
        private final String name;
        private final List<NodeRecord> nodes = new ArrayList<>();
        private final List<Resident> residents = new ArrayList<>();
        private final List<String> env = new ArrayList<>();
        private final Map<String, String> labels = new java.util.HashMap<>();
        private Capacity wants = new Capacity(0, 0, 1);

        RowBuilder(String name) {
            this.name = name;
        }

        RowBuilder nodes(String... texts) {
            for (String t : texts) {
                nodes.add(n(t));
            }
            return this;
        }

        RowBuilder node(NodeRecord node) {
            nodes.add(node);
            return this;
        }

        RowBuilder running(String... texts) {
            for (String t : texts) {
                residents.add(r(t));
            }
            return this;
        }

        RowBuilder wants(long cpus, long gib, long pids) {
            wants = new Capacity(cpus * CPU, gib * GIB, 1, pids);
            return this;
        }

        RowBuilder env(String... entries) {
            env.addAll(List.of(entries));
            return this;
        }

        RowBuilder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        Arguments expect(String expected) {
            return Arguments.of(new Row(name, nodes, residents, wants, env, labels, expected));
        }
    }

    private static RowBuilder row(String name) {
        return new RowBuilder(name);
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                // readiness
                row("down node skipped").node(n("a:8:0:0").withState(NodeState.DOWN)).nodes("b:8:5:0").expect("b"),
                row("stale heartbeat skipped").node(new NodeRecord("a", "x", Capacity.ZERO, Capacity.ZERO, Map.of(),
                        NOW - TTL - 1, NodeState.READY, 2, "6")).nodes("b:8:5:0").expect("b"),
                row("draining node skipped").node(n("a:8:0:0").withState(NodeState.DRAINING)).nodes("b:8:5:0").expect("b"),
                // resources
                row("memory fit").nodes("a:8:0:7", "b:8:5:0").wants(0, 2, 0).expect("b"),
                row("cpu fit").node(n("a:8:0:0").withAllocated(new Capacity(3 * CPU, 0, 0))).nodes("b:8:5:0")
                        .wants(2, 0, 0).expect("b"),
                row("pids fit").node(n("a:8:0:0").withAllocated(new Capacity(0, 0, 0, 950))).nodes("b:8:5:0")
                        .wants(0, 0, 100).expect("b"),
                row("pids refused").node(n("a:8:0:0").withAllocated(new Capacity(0, 0, 0, 950))).wants(0, 0, 100)
                        .expect("unschedulable: no node can take the container (1 node: 1 not enough pids): "
                                + "node a: not enough pids (wants 100, 50 free)"),
                // constraints on the node
                row("label ==").nodes("a:8:0:0:disk=hdd", "b:8:3:0:disk=ssd").env("constraint:node.labels.disk==ssd")
                        .expect("b"),
                row("label !=").nodes("a:8:0:0:disk=ssd", "b:8:3:0:disk=hdd", "c:8:1:0")
                        .env("constraint:node.labels.disk!=ssd").expect("c"),
                row("label glob").nodes("a:8:0:0:zone=eu-1", "b:8:3:0:zone=us-2").env("constraint:node.labels.zone==us-*")
                        .expect("b"),
                row("node ==").nodes("a:8:0:0", "b:8:3:0").env("constraint:node==b").expect("b"),
                row("node !=").nodes("a:8:0:0", "b:8:3:0").env("constraint:node!=a").expect("b"),
                row("two constraints").nodes("a:8:0:0:disk=ssd,zone=1", "b:8:3:0:disk=ssd,zone=2", "c:8:0:0:zone=2")
                        .env("constraint:node.labels.disk==ssd", "constraint:node.labels.zone==2").expect("b"),
                row("impossible label").nodes("a:8:0:0:disk=ssd").env("constraint:node.labels.disk==nvme")
                        .expect("unschedulable: no node satisfies constraint node.labels.disk==nvme (1 node: 1 label mismatch)"),
                row("impossible node").nodes("a:8:0:0", "b:8:0:0").env("constraint:node==c")
                        .expect("unschedulable: no node satisfies constraint node==c (2 nodes: 2 node mismatch)"),
                row("constraint then memory").nodes("a:8:0:0:disk=ssd", "b:64:0:0").wants(0, 16, 0)
                        .env("constraint:node.labels.disk==ssd")
                        .expect("unschedulable: no node can take the container (2 nodes: 1 label mismatch, "
                                + "1 not enough memory): node a: not enough memory (wants 16 GiB, 8 GiB free)"),
                row("down and mismatched").node(n("a:8:0:0:disk=ssd").withState(NodeState.DOWN)).nodes("b:8:0:0:disk=hdd")
                        .env("constraint:node.labels.disk==ssd")
                        .expect("unschedulable: no node satisfies constraint node.labels.disk==ssd (2 nodes: 1 not ready, "
                                + "1 label mismatch): node a: not ready (state down)"),
                // affinity and anti-affinity
                row("affinity by name").nodes("a:8:0:0", "b:8:5:0").running("db@b").env("affinity:container==db")
                        .expect("b"),
                row("affinity by id").nodes("a:8:0:0", "b:8:5:0").running("db@b").env("affinity:container==id-db")
                        .expect("b"),
                row("anti-affinity by name").nodes("a:8:0:0", "b:8:5:0").running("web1@a")
                        .env("affinity:container!=web1").expect("b"),
                row("affinity by label").nodes("a:8:0:0", "b:8:5:0", "c:8:6:0").running("x@c:app=db", "y@a:app=web")
                        .env("affinity:label.app==db").expect("c"),
                row("anti-affinity by label spreads replicas").nodes("a:8:0:0", "b:8:5:0", "c:8:6:0")
                        .running("w1@a:app=web", "w2@b:app=web").env("affinity:label.app!=web").expect("c"),
                row("affinity to a missing container").nodes("a:8:0:0").env("affinity:container==ghost")
                        .expect("unschedulable: no node satisfies affinity container==ghost (1 node: 1 affinity mismatch)"),
                row("anti-affinity everywhere").nodes("a:8:0:0", "b:8:0:0").running("w1@a:app=web", "w2@b:app=web")
                        .env("affinity:label.app!=web")
                        .expect("unschedulable: no node satisfies affinity label.app!=web (2 nodes: 2 affinity mismatch)"),
                // strategies
                row("spread: fewest containers").nodes("a:8:3:0", "b:8:1:0", "c:8:2:0").expect("b"),
                row("spread: tie on count, most free memory").nodes("a:8:1:6", "b:8:1:2").expect("b"),
                row("spread: full tie, lowest id").nodes("c:8:0:0", "b:8:0:0").expect("b"),
                row("binpack: fullest node that fits").nodes("a:8:1:2", "b:8:1:6", "c:8:0:0").wants(0, 1, 0)
                        .label("berth.strategy", "binpack").expect("b"),
                row("binpack: skips the node it does not fit").nodes("a:8:1:2", "b:8:1:7", "c:8:0:0").wants(0, 2, 0)
                        .label("berth.strategy", "binpack").expect("a"),
                row("binpack: tie on fullness, most containers").nodes("a:8:1:4", "b:8:3:4").label("berth.strategy", "binpack")
                        .expect("b"),
                row("binpack: full tie, lowest id").nodes("c:8:0:0", "b:8:0:0").label("berth.strategy", "BinPack")
                        .expect("b"),
                row("empty cluster").expect("unschedulable: no node has joined the cluster")
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void placesAsTheTableSays(Row row) {
        PlacementRules rules = PlacementRules.read(row.env(), row.labels());
        PlacementRequest request = new PlacementRequest("c1", row.wants(), rules.constraints(), rules.affinities(),
                rules.strategy());
        Placement placement = PLACER.place(new ClusterSnapshot(row.nodes(), NOW, row.residents()), request);
        assertEquals(row.expected(), placement.placed() ? placement.nodeId() : placement.reason());
        // ties are deterministic: the same cluster listed in reverse gives the same answer
        List<NodeRecord> reversed = new ArrayList<>(row.nodes());
        java.util.Collections.reverse(reversed);
        assertEquals(placement, PLACER.place(new ClusterSnapshot(reversed, NOW, row.residents()), request));
    }
}
