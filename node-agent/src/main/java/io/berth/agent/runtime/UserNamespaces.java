package io.berth.agent.runtime;

import io.berth.events.spec.Security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which containers of this node get a user namespace, and whose host ids: the node's {@link IdPool}, each
 * container's range stored in its directory ({@value #FILE}, "base count") at its first start (or first file
 * written into it), so an agent restart, an exec, a {@code docker start} of a stopped container and {@code
 * docker cp} all use the same one; the pool is rebuilt from those files the first time it is asked, and a
 * range goes back to it when the container is removed.
 */
public final class UserNamespaces {
    private static final System.Logger LOG = System.getLogger(UserNamespaces.class.getName());
    /** The container's range, in its directory. */
    public static final String FILE = "userns";

    /** No user namespaces on this node (the platform's {@code --no-userns}, or tests). */
    public static final UserNamespaces OFF = new UserNamespaces(false, null, new IdPool());

    private final boolean enabled;
    private final Path containersRoot;
    private IdPool pool;
    private boolean loaded;

    /** {@code containersRoot}: the directory of every container's directory, read to rebuild the pool. */
    public UserNamespaces(boolean enabled, Path containersRoot, IdPool pool) {
        this.enabled = enabled;
        this.containersRoot = containersRoot;
        this.pool = pool;
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * Docker's opt-outs: {@code --privileged} and {@code --userns=host}; and a container on the host's network,
     * whose namespace belongs to the host's user namespace, where its root could not bind low ports (dockerd with
     * user namespaces refuses that combination unless {@code --userns=host}).
     */
    public static boolean wanted(Security security, boolean hostNetwork) {
        return !security.privileged() && !Security.USERNS_HOST.equals(security.userns()) && !hostNetwork;
    }

    /**
     * The container's range: the stored one, else a new one from the pool (stored at once); {@link IdRange#HOST}
     * when this node has none or the container does not want one.
     */
    public synchronized IdRange of(String containerId, Path containerDir, boolean wanted) throws IOException {
        if (!enabled || !wanted) {
            return IdRange.HOST;
        }
        load();
        Optional<IdRange> stored = read(containerDir);
        if (stored.isPresent()) {
            if (!pool.take(containerId, stored.get())) {
                LOG.log(System.Logger.Level.WARNING, "container {0} keeps id range {1}, which is not the pool''s"
                        + " or is held by another container", containerId, stored.get().render());
            }
            return stored.get();
        }
        Optional<IdRange> range = pool.allocate(containerId);
        if (range.isEmpty()) {
            // containers removed without telling us (a directory deleted by hand): look again before refusing
            pool = pool.empty();
            loaded = false;
            load();
            range = pool.allocate(containerId);
        }
        IdRange ids = range.orElseThrow(() -> new IOException("no free id range for a user namespace: "
                + pool.used() + " in use on this node"));
        Files.createDirectories(containerDir);
        Path tmp = containerDir.resolve("." + FILE + ".tmp");
        Files.writeString(tmp, ids.render() + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, containerDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        return ids;
    }

    /** The range stored for the container in {@code containerDir}, {@link IdRange#HOST} if none. */
    public static IdRange stored(Path containerDir) throws IOException {
        return read(containerDir).orElse(IdRange.HOST);
    }

    /** The container is gone: its range may be given to another. */
    public synchronized void free(String containerId) {
        pool.free(containerId);
    }

    private static Optional<IdRange> read(Path containerDir) throws IOException {
        try {
            return Optional.of(IdRange.parse(Files.readString(containerDir.resolve(FILE), StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            throw new IOException("unreadable " + containerDir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    private void load() throws IOException {
        if (loaded || containersRoot == null || !Files.isDirectory(containersRoot)) {
            loaded = true;
            return;
        }
        try (Stream<Path> dirs = Files.list(containersRoot)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                String id = dir.getFileName().toString();
                try {
                    read(dir).ifPresent(r -> pool.take(id, r));
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, e.getMessage());
                }
            }
        }
        loaded = true;
    }
}
