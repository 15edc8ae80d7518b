package io.berth.agent.metrics;

import io.berth.agent.layer.LayerStore;
import io.berth.events.ContainerState;
import io.berth.events.state.ContainerRecord;
import io.berth.events.kafka.CommandsHandled;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node agent's meters: commands it handles by type, its node's containers per state (recounted from the
 * {@code containers} map by {@link #count}), and layer bytes pulled from the image store and unpacked. Labels
 * are the node id (one per agent), states and command types; never container ids.
 */
public final class AgentMeters implements LayerStore.LayerBytes {
    private final MeterRegistry registry;
    private final CommandsHandled handled;
    private final String nodeId;
    private final Map<ContainerState, AtomicInteger> containers = new EnumMap<>(ContainerState.class);
    private final Counter pulled;
    private final Counter unpacked;

    public AgentMeters(MeterRegistry registry, String nodeId) {
        this.registry = registry;
        this.handled = new CommandsHandled(this.registry, "node-agent");
        this.nodeId = nodeId;
        for (ContainerState state : ContainerState.values()) {
            AtomicInteger n = new AtomicInteger();
            containers.put(state, n);
            Gauge.builder("berth.containers", n, AtomicInteger::get)
                    .description("Containers placed on this node, by state")
                    .tag("node", nodeId)
                    .tag("state", state.docker())
                    .register(registry);
        }
        this.pulled = Counter.builder("berth.layer.pulled").baseUnit("bytes")
                .description("Layer blob bytes downloaded from the image store").tag("node", nodeId).register(registry);
        this.unpacked = Counter.builder("berth.layer.unpacked").baseUnit("bytes")
                .description("Layer tar bytes (uncompressed) unpacked into layer directories").tag("node", nodeId)
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Counts one command taken off {@code node-commands}, by CloudEvents type. */
    public void handled(String type) {
        handled.count(type);
    }

    /** Recounts this node's containers per state from every record (other nodes' are skipped). */
    public void count(Iterable<ContainerRecord> records) {
        Map<ContainerState, Integer> counted = new EnumMap<>(ContainerState.class);
        for (ContainerRecord r : records) {
            if (nodeId.equals(r.nodeId()) && r.status() != null) {
                counted.merge(r.status(), 1, Integer::sum);
            }
        }
        containers.forEach((state, n) -> n.set(counted.getOrDefault(state, 0)));
    }

    @Override
    public void pulled(long bytes) {
        pulled.increment(bytes);
    }

    @Override
    public void unpacked(long bytes) {
        unpacked.increment(bytes);
    }
}
