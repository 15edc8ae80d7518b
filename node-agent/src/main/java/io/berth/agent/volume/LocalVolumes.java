package io.berth.agent.volume;

import io.berth.agent.NodePaths;
import io.berth.agent.files.DirectoryTree;
import io.berth.events.Json;
import io.berth.events.state.JsonCas;
import io.berth.events.state.VolumeRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reconciles this node's volume directories ({@code volumes/<name>/_data}) with the cluster's {@code volumes}
 * records, periodically: a record placed here gets its directory and its mountpoint recorded (the record wins:
 * a recorded volume whose directory is gone is made again, empty, and logged); a record marked {@code removing}
 * loses its mount (driver options) and its directory, then the record; a directory with no record (the cluster's state lost
 * both from Hazelcast and from {@code volume-state}) is recorded again as this node's, but only after the
 * orphan grace, since a cluster restarted whole refills the records from Kafka within seconds.
 */
public final class LocalVolumes implements Runnable {
    private static final Logger LOG = Logger.getLogger(LocalVolumes.class.getName());
    private static final Pattern ANONYMOUS = Pattern.compile("[0-9a-f]{64}");
    public static final Duration ORPHAN_GRACE = Duration.ofMinutes(1);
    private final String nodeId;
    private final NodePaths paths;
    private final ConcurrentMap<String, String> volumes;
    private final Clock clock;
    private final Duration orphanGrace;
    private final Map<String, Instant> recordless = new HashMap<>();
    private final VolumeMounts mounts;

    public LocalVolumes(String nodeId, NodePaths paths, ConcurrentMap<String, String> volumes, VolumeMounts mounts,
                        Clock clock, Duration orphanGrace) {
        this.nodeId = nodeId;
        this.paths = paths;
        this.volumes = volumes;
        this.mounts = mounts;
        this.clock = clock;
        this.orphanGrace = orphanGrace;
    }

    @Override
    public void run() {
        try {
            reconcile();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "volume reconciliation on node " + nodeId + " failed", e);
        }
    }

    void reconcile() throws IOException {
        Set<String> ours = new HashSet<>();
        for (Map.Entry<String, String> e : volumes.entrySet()) {
            VolumeRecord v = Json.read(e.getValue(), VolumeRecord.class);
            if (!nodeId.equals(v.nodeId())) {
                continue;
            }
            ours.add(v.name());
            if (v.isRemoving()) {
                remove(v, e.getValue());
            } else if (v.mountpoint() == null) {
                make(v.name());
            } else if (!Files.isDirectory(paths.volumeData(v.name()))) {
                // the record wins: its data is gone from this disk (deleted by hand, a new data root), so the
                // volume starts again empty rather than vanishing from the cluster's list
                LOG.warning("volume " + v.name() + " is recorded on node " + nodeId + " but " + paths.volumeData(v.name())
                        + " is missing: made again, empty");
                make(v.name());
            }
        }
        adoptOrphans(ours);
    }

    private void remove(VolumeRecord v, String json) throws IOException {
        Path dir = paths.volumes().resolve(v.name());
        mounts.release(v.name()); // a tmpfs or bind volume: its mount first, so the delete never crosses it
        if (Files.exists(dir)) {
            DirectoryTree.delete(dir);
        }
        volumes.remove(v.name(), json);
        LOG.info("volume " + v.name() + " removed from node " + nodeId);
    }

    private void make(String name) throws IOException {
        Path data = paths.volumeData(name);
        Files.createDirectories(data);
        JsonCas.get(volumes, name, VolumeRecord.class).ifPresent(r -> {
            try {
                mounts.saveOptions(name, r.options());
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot keep volume " + name + "'s options on the disk", e);
            }
        });
        JsonCas.update(volumes, name, VolumeRecord.class,
                r -> nodeId.equals(r.nodeId()) && !r.isRemoving() ? r.madeAt(data.toString()) : null);
    }

    private void adoptOrphans(Set<String> ours) throws IOException {
        Set<String> seen = new HashSet<>();
        try (Stream<Path> dirs = Files.list(paths.volumes())) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                String name = dir.getFileName().toString();
                if (ours.contains(name) || !Files.isDirectory(dir)) {
                    continue;
                }
                seen.add(name);
                Instant since = recordless.computeIfAbsent(name, n -> clock.instant());
                if (Duration.between(since, clock.instant()).compareTo(orphanGrace) < 0) {
                    continue;
                }
                String created = DateTimeFormatter.ISO_INSTANT.format(
                        Files.getLastModifiedTime(dir).toInstant().atOffset(ZoneOffset.UTC).toInstant());
                VolumeRecord adopted = VolumeRecord.created(name, Map.of(), created, ANONYMOUS.matcher(name).matches())
                        .withOptions(mounts.savedOptions(name))
                        .placedOn(nodeId).madeAt(paths.volumeData(name).toString());
                String before = volumes.putIfAbsent(name, Json.write(adopted));
                if (before == null) {
                    LOG.info("volume " + name + " on node " + nodeId + " had no record: recorded again");
                } else {
                    LOG.warning("volume " + name + " has a directory on node " + nodeId + " but its record names node "
                            + Json.read(before, VolumeRecord.class).nodeId() + "; the directory is left alone");
                }
                recordless.remove(name);
            }
        }
        recordless.keySet().retainAll(seen);
    }
}
