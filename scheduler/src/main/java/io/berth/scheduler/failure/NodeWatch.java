package io.berth.scheduler.failure;

import io.berth.events.ContainerState;
import io.berth.events.Json;
import io.berth.events.command.StopContainer;
import io.berth.events.event.ContainerLost;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.JsonCas;
import io.berth.events.state.NodeRecord;
import io.berth.events.state.NodeState;
import io.berth.events.wire.Envelope;
import io.berth.scheduler.reservation.MapNodes;
import io.berth.scheduler.reservation.NodeSource;
import io.berth.scheduler.restart.RestartPolicy;
import io.berth.scheduler.routing.Outbox;

import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Once a second: marks down the nodes {@link FailureDetector} names, marks their live containers lost and
 * moves those with a restart policy elsewhere; empties draining nodes (a policy moves the container, no policy
 * stops it). Every step is guarded by the records it changes, so two scheduler instances doing it at once, or
 * one doing it twice, change nothing more.
 */
public final class NodeWatch implements Runnable {
    private static final Logger LOG = Logger.getLogger(NodeWatch.class.getName());
    private static final Set<ContainerState> LIVE = EnumSet.of(ContainerState.RUNNING, ContainerState.PAUSED,
            ContainerState.RESTARTING);
    /** Docker's exit code when the daemon cannot know how a process ended. */
    static final int LOST_EXIT = 255;
    private static final int DRAIN_STOP_SECONDS = 10;

    private final ConcurrentMap<String, String> nodes;
    private final NodeSource view;
    private final ConcurrentMap<String, String> containers;
    private final Relocation relocation;
    private final Outbox outbox;
    private final String source;
    private final long graceMillis;
    private final Clock clock;
    private long lastTickMillis = Long.MIN_VALUE;
    private long watchingSinceMillis;

    public NodeWatch(ConcurrentMap<String, String> nodes, ConcurrentMap<String, String> containers,
                     Relocation relocation, Outbox outbox, String source, long graceMillis, Clock clock) {
        this(nodes, new MapNodes(nodes), containers, relocation, outbox, source, graceMillis, clock);
    }

    /**
     * @param view where a tick reads every node (the scheduler's watched copy: no read and parse of the whole map
     *             each second); a node found down is marked with a compare-and-set on {@code nodes}, which checks
     *             the map's own record again, so a view that lags a heartbeat marks nothing
     */
    public NodeWatch(ConcurrentMap<String, String> nodes, NodeSource view, ConcurrentMap<String, String> containers,
                     Relocation relocation, Outbox outbox, String source, long graceMillis, Clock clock) {
        this.nodes = nodes;
        this.view = view;
        this.containers = containers;
        this.relocation = relocation;
        this.outbox = outbox;
        this.source = source;
        this.graceMillis = graceMillis;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "node watch failed; trying again next tick", e);
        }
    }

    void tick() {
        List<NodeRecord> all = view.nodes();
        long now = clock.millis();
        // A gap in our own ticks (this process paused, its host stalled, or the watch just moved here) is not
        // the nodes' silence: their heartbeats may be waiting behind ours, so each gets a full grace again.
        if (lastTickMillis == Long.MIN_VALUE || now - lastTickMillis > graceMillis / 2) {
            if (lastTickMillis != Long.MIN_VALUE) {
                LOG.info("node watch resumed after " + (now - lastTickMillis) + " ms; every node gets a full grace");
            }
            watchingSinceMillis = now;
        }
        lastTickMillis = now;
        long since = watchingSinceMillis;
        Map<String, NodeRecord> marked = new HashMap<>();
        for (String id : FailureDetector.down(all, now, graceMillis, since)) {
            // guarded: a heartbeat that arrived meanwhile wins
            JsonCas.update(nodes, id, NodeRecord.class, n -> FailureDetector.down(List.of(n), now, graceMillis, since)
                    .isEmpty() ? null : n.withState(NodeState.DOWN)).ifPresent(n -> {
                        marked.put(id, n);
                        LOG.warning("node " + id + " is down: no heartbeat for " + (now - n.lastHeartbeatMillis())
                                + " ms");
                    });
        }
        List<NodeRecord> emptied = all.stream().map(n -> marked.getOrDefault(n.id(), n))
                .filter(n -> n.state() == NodeState.DOWN || n.state() == NodeState.DRAINING).toList();
        if (emptied.isEmpty()) {
            return;
        }
        List<ContainerRecord> records = containers.values().stream()
                .map(json -> Json.read(json, ContainerRecord.class)).toList();
        for (NodeRecord node : emptied) {
            for (ContainerRecord r : records) {
                if (node.id().equals(r.nodeId())) {
                    if (node.state() == NodeState.DOWN) {
                        lose(r, node.id());
                    } else {
                        drain(r, node.id());
                    }
                }
            }
        }
        outbox.flush();
    }

    private void lose(ContainerRecord record, String nodeId) {
        String reason = "node " + nodeId + " is down";
        String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant());
        JsonCas.update(containers, record.id(), ContainerRecord.class,
                r -> nodeId.equals(r.nodeId()) && LIVE.contains(r.status())
                        ? r.exited(LOST_EXIT, false, now).withError(reason) : null)
                .ifPresent(r -> outbox.emit(Envelope.of(new ContainerLost(r.id(), nodeId, reason), source, null)));
        if ("running".equals(record.desired()) && RestartPolicy.of(record).any()) {
            relocation.move(record, nodeId);
        }
    }

    private void drain(ContainerRecord record, String nodeId) {
        if ("running".equals(record.desired()) && RestartPolicy.of(record).any()) {
            relocation.move(record, nodeId);
        } else if (LIVE.contains(record.status()) && !"stopped".equals(record.desired())) {
            JsonCas.update(containers, record.id(), ContainerRecord.class,
                    r -> nodeId.equals(r.nodeId()) ? r.withDesired("stopped") : null)
                    .ifPresent(r -> outbox.forward(nodeId, Envelope.of(
                            new StopContainer(r.id(), DRAIN_STOP_SECONDS, null), source, null)));
        }
    }
}
