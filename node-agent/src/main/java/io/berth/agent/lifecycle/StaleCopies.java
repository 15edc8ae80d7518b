package io.berth.agent.lifecycle;

import io.berth.agent.NodePaths;
import io.berth.events.ContainerState;
import io.berth.events.spec.Signals;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.JsonCas;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Reconciles this node's containers with the cluster's records, periodically: a container the scheduler placed
 * elsewhere while this node was cut off or drained is a stale copy, so its process is killed and its directory
 * discarded, quietly (the record and the name belong to the copy that runs elsewhere). A container still placed
 * here that the scheduler marked lost while this node was silent, but whose process lives, is recorded running.
 */
public final class StaleCopies implements Runnable {
    private static final Logger LOG = Logger.getLogger(StaleCopies.class.getName());
    private final Node node;
    private final NodePaths paths;

    public StaleCopies(Node node, NodePaths paths) {
        this.node = node;
        this.paths = paths;
    }

    @Override
    public void run() {
        try {
            for (String id : localIds()) {
                Optional<ContainerRecord> record = node.record(id);
                if (record.isEmpty() || record.get().nodeId() == null) {
                    continue;
                }
                if (node.nodeId().equals(record.get().nodeId())) {
                    relive(id, record.get());
                } else {
                    discard(id, record.get().nodeId());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "reconciling node " + node.nodeId() + " with the cluster failed", e);
        }
    }

    private List<String> localIds() throws IOException {
        try (Stream<Path> dirs = Files.list(paths.containers())) {
            return dirs.filter(d -> Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS))
                    .map(d -> d.getFileName().toString()).toList();
        }
    }

    private void relive(String id, ContainerRecord record) {
        if (record.status() != ContainerState.EXITED) {
            return;
        }
        node.table().running(id).filter(t -> !t.exited()).ifPresent(t -> JsonCas.update(node.records(), id,
                ContainerRecord.class, r -> node.nodeId().equals(r.nodeId()) && r.status() == ContainerState.EXITED
                        && !t.exited() ? r.running(t.process().pid(), r.startedAt()) : null));
    }

    private void discard(String id, String holder) throws IOException {
        Optional<Tracked> tracked = node.table().get(id);
        if (tracked.isPresent()) {
            if (!tracked.get().exited()) {
                node.runtime().signal(tracked.get().process(), Signals.SIGKILL);
                // on cgroup v1 a frozen task acts on no signal, not even SIGKILL, until thawed
                try {
                    node.runtime().thaw(id);
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "thawing stale copy " + id, e);
                }
            }
            try {
                tracked.get().settled().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.log(Level.WARNING, "stale copy of container " + id + " did not exit after SIGKILL", e);
                return;
            }
        }
        node.runtime().release(id, node.disk().dir(id));
        node.disk().discard(id);
        LOG.info("discarded the stale copy of container " + id + ": it now runs on node " + holder);
    }
}
