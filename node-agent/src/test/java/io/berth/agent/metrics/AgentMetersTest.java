package io.berth.agent.metrics;

import io.berth.events.ContainerState;
import io.berth.events.spec.ContainerSpec;
import io.berth.events.state.ContainerRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The containers-per-state gauges: counted from the records when read, one recount per scrape. */
class AgentMetersTest {
    private static ContainerRecord on(String node, String id, ContainerState state) {
        return ContainerRecord.accepted(id, id, ContainerSpec.builder("busybox").build(), "{}", "2024-05-01T08:00:00Z")
                .withNode(node).withStatus(state);
    }

    private static double gauge(SimpleMeterRegistry registry, String state) {
        return registry.get("berth.containers").tag("state", state).gauge().value();
    }

    @Test
    void aScrapeCountsThisNodesContainersPerStateFromOneReadOfTheRecords() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AgentMeters meters = new AgentMeters(registry, "node-1");
        AtomicInteger reads = new AtomicInteger();
        meters.countOnRead(() -> {
            reads.incrementAndGet();
            return List.of(on("node-1", "a", ContainerState.RUNNING), on("node-1", "b", ContainerState.RUNNING),
                    on("node-1", "c", ContainerState.EXITED), on("node-2", "d", ContainerState.RUNNING));
        });
        assertEquals(0, reads.get(), "nothing is read before a scrape");
        assertEquals(2.0, gauge(registry, ContainerState.RUNNING.docker()));
        assertEquals(1.0, gauge(registry, ContainerState.EXITED.docker()));
        assertEquals(0.0, gauge(registry, ContainerState.PAUSED.docker()));
        assertEquals(1, reads.get(), "the gauges read together share one recount");
    }

    @Test
    void aFailedReadKeepsTheLastCounts() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AgentMeters meters = new AgentMeters(registry, "node-1");
        meters.count(List.of(on("node-1", "a", ContainerState.RUNNING)));
        meters.countOnRead(() -> {
            throw new IllegalStateException("map unreachable");
        });
        assertEquals(1.0, gauge(registry, ContainerState.RUNNING.docker()));
    }
}
