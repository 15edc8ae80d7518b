package io.berth.agent.lifecycle;

import io.berth.agent.NodePaths;
import io.berth.events.ContainerState;
import io.berth.events.spec.Signals;
import com.hazelcast.map.IMap;
import io.berth.events.Json;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.JsonCas;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Reconciles this node's containers with the cluster's records, for the containers whose record changed (the
 * agent hands it the keys of the {@code containers} map's events: {@link #changed}, then {@link #runChanged}) and,
 * as a slow sweep, for all of them ({@link #run}; one batched read): a container the scheduler placed
 * elsewhere while this node was cut off or drained is a stale copy, so its process is killed and its directory
 * discarded, quietly (the record and the name belong to the copy that runs elsewhere). A container still placed
 * here that the scheduler marked lost while this node was silent, but whose process lives, is recorded running.
 * A container with no record at all (removed elsewhere while this node was away) is discarded once it has
 * stayed without one for the orphan grace: a cluster restarted whole refills the records from Kafka within
 * seconds, and its containers must not be taken for orphans meanwhile.
 */
public final class StaleCopies implements Runnable {
    private static final Logger LOG = Logger.getLogger(StaleCopies.class.getName());
    /** How long a local container may go without a record before it counts as an orphan. */
    public static final Duration ORPHAN_GRACE = Duration.ofMinutes(1);
    private final Node node;
    private final NodePaths paths;
    private final Duration orphanGrace;
    private final Map<String, Instant> recordless = new HashMap<>();
    private final Set<String> changed = ConcurrentHashMap.newKeySet();
    private volatile boolean allChanged;

    public StaleCopies(Node node, NodePaths paths) {
        this(node, paths, ORPHAN_GRACE);
    }

    public StaleCopies(Node node, NodePaths paths, Duration orphanGrace) {
        this.node = node;
        this.paths = paths;
        this.orphanGrace = orphanGrace;
    }

    /** Notes a record that changed ({@code null}: possibly all of them); {@link #runChanged} looks at it. */
    public void changed(String id) {
        if (id == null) {
            allChanged = true;
        } else {
            changed.add(id);
        }
    }

    /** Reconciles the local containers among those whose record changed since the last call. */
    public void runChanged() {
        if (allChanged) {
            allChanged = false;
            changed.clear();
            run();
            return;
        }
        if (changed.isEmpty()) {
            return;
        }
        Set<String> ids = new HashSet<>();
        for (Iterator<String> i = changed.iterator(); i.hasNext(); ) {
            ids.add(i.next());
            i.remove();
        }
        try {
            Set<String> local = new HashSet<>(localIds());
            ids.removeIf(id -> {
                if (local.contains(id)) {
                    return false;
                }
                recordless.remove(id);
                return true;
            });
            reconcile(ids);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "reconciling node " + node.nodeId() + " with the cluster failed", e);
        }
    }

    @Override
    public void run() {
        try {
            List<String> local = localIds();
            recordless.keySet().retainAll(local);
            reconcile(local);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "reconciling node " + node.nodeId() + " with the cluster failed", e);
        }
    }

    private void reconcile(Collection<String> ids) throws IOException {
        if (ids.isEmpty()) {
            return;
        }
        Map<String, String> json = read(ids);
        for (String id : ids) {
            Optional<ContainerRecord> record = Optional.ofNullable(json.get(id))
                    .map(j -> Json.read(j, ContainerRecord.class));
            if (record.isEmpty()) {
                Instant since = recordless.computeIfAbsent(id, k -> node.clock().instant());
                if (!since.plus(orphanGrace).isAfter(node.clock().instant())) {
                    discard(id, "no record since " + since);
                    recordless.remove(id);
                }
                continue;
            }
            recordless.remove(id);
            if (record.get().nodeId() == null) {
                continue;
            }
            if (node.nodeId().equals(record.get().nodeId())) {
                relive(id, record.get());
            } else {
                discard(id, "it now runs on node " + record.get().nodeId());
            }
        }
    }

    // One round trip for them all on a Hazelcast map (getAll), rather than one per container.
    private Map<String, String> read(Collection<String> ids) {
        if (node.records() instanceof IMap<String, String> map) {
            return map.getAll(new HashSet<>(ids));
        }
        Map<String, String> json = new HashMap<>();
        for (String id : ids) {
            String j = node.records().get(id);
            if (j != null) {
                json.put(id, j);
            }
        }
        return json;
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

    private void discard(String id, String why) throws IOException {
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
        node.runtime().removed(id);
        node.releaseAddress(id);
        LOG.info("discarded the stale copy of container " + id + ": " + why);
    }
}
