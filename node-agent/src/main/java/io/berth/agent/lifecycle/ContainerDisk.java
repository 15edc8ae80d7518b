package io.berth.agent.lifecycle;

import io.berth.agent.NodePaths;
import io.berth.agent.files.DirectoryTree;
import io.berth.events.spec.Digest;
import io.berth.agent.layer.LayerFailure;
import io.berth.agent.layer.LayerStore;
import io.berth.events.spec.ContainerSpec;
import io.berth.events.spec.LayerRef;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** A container's footprint on this node's disk: its layers (shared) and its own directory. Blocking. */
public final class ContainerDisk {
    /** Layers pulled at once for one container, as dockerd's default max-concurrent-downloads. */
    private static final int PULLS_AT_ONCE = 3;
    private static final AtomicInteger PULLERS = new AtomicInteger();
    // shared by all containers of the node: a burst of creates must not open a pull thread per layer each
    private static final ExecutorService PULLS = Executors.newFixedThreadPool(PULLS_AT_ONCE, r -> {
        Thread t = new Thread(r, "berth-layer-pull-" + PULLERS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    // one thread deletes the directories of removed containers, after their removal is announced
    private static final ExecutorService DELETES = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "berth-discarded-deletes");
        t.setDaemon(true);
        return t;
    });
    private final NodePaths paths;
    private final LayerStore layers;
    private final VolumeDirs volumes;

    /** Volumes as plain directories (no driver options honoured): for tests of the lifecycle alone. */
    public ContainerDisk(NodePaths paths, LayerStore layers) {
        this(paths, layers, name -> Files.createDirectories(paths.volumeData(name)));
    }

    public ContainerDisk(NodePaths paths, LayerStore layers, VolumeDirs volumes) {
        this.paths = paths;
        this.layers = layers;
        this.volumes = volumes;
    }

    /**
     * Pulls missing layers (up to {@link #PULLS_AT_ONCE} side by side: a download and an unpack overlap) and
     * creates the container directory; returns the lower dirs, lowest first.
     */
    public List<Path> prepare(String id, ContainerSpec spec) throws LayerFailure {
        List<Digest> digests = new ArrayList<>();
        for (LayerRef layer : spec.layers()) {
            try {
                digests.add(Digest.parse(layer.digest()));
            } catch (IllegalArgumentException e) {
                throw new LayerFailure("container " + id + ": " + e.getMessage());
            }
        }
        List<Path> lowers = ensureAll(spec.repository(), digests);
        try {
            Files.createDirectories(dir(id));
        } catch (IOException e) {
            throw new LayerFailure("cannot create " + dir(id) + ": " + e.getMessage(), e);
        }
        return lowers;
    }

    private List<Path> ensureAll(String repository, List<Digest> digests) throws LayerFailure {
        List<Future<Path>> pulls = new ArrayList<>();
        for (Digest digest : digests) {
            pulls.add(PULLS.submit(() -> layers.ensure(repository, digest)));
        }
        List<Path> lowers = new ArrayList<>();
        LayerFailure failure = null;
        // wait for every pull, even after a failure: none may still be writing when the create is refused
        for (Future<Path> pull : pulls) {
            try {
                lowers.add(pull.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LayerFailure("interrupted while pulling layers of " + repository, e);
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof LayerFailure lf ? lf
                            : new LayerFailure("layer pull of " + repository + " failed: " + e.getCause(), e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return lowers;
    }

    /** A local volume's content on this node ({@code volumes/<name>/_data}), made and mounted as it asks. */
    public Path openVolume(String name) throws IOException {
        return volumes.open(name);
    }

    public Path dir(String id) {
        return paths.container(id);
    }

    /** Deletes the container directory (upper, work dirs and all); the runtime must have released it. */
    /**
     * The container's directory leaves {@code containers/} at once (renamed into {@code discarded/}, so adoption
     * and reconciliation never see it again) and is deleted in the background; where it cannot be renamed, it is
     * deleted here.
     */
    public void discard(String id) throws IOException {
        Path dir = dir(id);
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path real = dir.toRealPath();
        if (io.berth.agent.sys.MountTable.read().entries().stream().anyMatch(e -> e.mountPoint().startsWith(real))) {
            // something is mounted inside (a stopped root opened for docker cp): deleted here, refusing as before
            DirectoryTree.delete(dir);
            return;
        }
        Path gone = paths.discarded().resolve(id + "." + System.nanoTime());
        try {
            Files.createDirectories(paths.discarded());
            Files.move(dir, gone, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            DirectoryTree.delete(dir);
            return;
        }
        DELETES.execute(() -> deleteQuietly(gone));
    }

    /** Deletes what discards left behind (the agent stopped before their background delete ended). */
    public void sweepDiscarded() {
        try (var left = Files.list(paths.discarded())) {
            left.forEach(p -> DELETES.execute(() -> deleteQuietly(p)));
        } catch (IOException e) {
            // nothing there yet
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            DirectoryTree.delete(dir);
        } catch (IOException | RuntimeException e) {
            java.util.logging.Logger.getLogger(ContainerDisk.class.getName()).log(java.util.logging.Level.WARNING,
                    "could not delete the discarded container directory " + dir + "; the next agent start tries again", e);
        }
    }
}
