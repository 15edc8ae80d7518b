package io.berth.agent.metrics;

import io.berth.agent.layer.LayerStore;
import io.berth.events.ContainerState;
import io.berth.events.state.ContainerRecord;
import io.berth.events.kafka.CommandsHandled;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The node agent's meters: commands it handles by type, its node's containers per state (recounted from the
 * {@code containers} map by {@link #count}, when a scrape reads them: see {@link #countOnRead}), and layer bytes
 * pulled from the image store and unpacked. Labels
 * are the node id (one per agent), states and command types; never container ids.
 */
public final class AgentMeters implements LayerStore.LayerBytes {
    /** Gauges read within this of a recount (one scrape reads one per state) share it. */
    private static final long RECOUNT_NANOS = 1_000_000_000L;
    private final MeterRegistry registry;
    private final CommandsHandled handled;
    private final String nodeId;
    private final Map<ContainerState, AtomicInteger> containers = new EnumMap<>(ContainerState.class);
    private final Counter pulled;
    private final Counter unpacked;
    /** Where a scrape recounts from; none until {@link #countOnRead}. */
    private volatile Supplier<? extends Iterable<ContainerRecord>> source = List::of;
    private long countedAt = Long.MIN_VALUE / 2;

    public AgentMeters(MeterRegistry registry, String nodeId) {
        this.registry = registry;
        this.handled = new CommandsHandled(this.registry, "node-agent");
        this.nodeId = nodeId;
        for (ContainerState state : ContainerState.values()) {
            AtomicInteger n = new AtomicInteger();
            containers.put(state, n);
            Gauge.builder("berth.containers", n, counter -> {
                        recountIfStale();
                        return counter.get();
                    })
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

    /**
     * Recounts from {@code records} whenever the gauges are read (a scrape reads all of them: one recount serves
     * it), instead of on a timer: an agent nobody scrapes never reads the whole map. A failed read keeps the last
     * counts.
     */
    public void countOnRead(Supplier<? extends Iterable<ContainerRecord>> records) {
        this.source = records;
    }

    private synchronized void recountIfStale() {
        long now = System.nanoTime();
        if (now - countedAt < RECOUNT_NANOS) {
            return;
        }
        countedAt = now;
        try {
            count(source.get());
        } catch (RuntimeException e) {
            // the map unreachable for a moment: the last counts stand
        }
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
