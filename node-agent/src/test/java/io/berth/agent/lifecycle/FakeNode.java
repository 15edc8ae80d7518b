package io.berth.agent.lifecycle;

import io.berth.agent.NodePaths;
import io.berth.agent.layer.LayerStore;
import io.berth.agent.layer.LayerUnpacker;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/** A {@link Node} on the fake runtime, with no registry and the clock fixed at 2024-05-01T11:00:00Z. */
final class FakeNode {
    private FakeNode() {
    }

    static Node of(String nodeId, FakeRuntime runtime, NodePaths paths, ConcurrentMap<String, String> records,
                   CapturedEvents events, ScheduledExecutorService timers, ExecutorService exits) {
        LayerStore layers = new LayerStore(paths, (repo, digest) -> {
            throw new IOException("no registry in this test");
        }, new LayerUnpacker(null, false));
        ContainerTable table = new ContainerTable();
        Clock clock = Clock.fixed(Instant.parse("2024-05-01T11:00:00Z"), ZoneOffset.UTC);
        return new Node(nodeId, runtime, new ContainerDisk(paths, layers), records, table,
                new ExitWatch(nodeId, runtime, records, table, events, exits, clock), events, timers, clock);
    }
}
