package io.berth.agent.runtime;

import io.berth.agent.sys.MountTable;
import io.berth.agent.sys.Syscalls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A container's merged root for a file operation ({@code cp}, {@code export}): a running container's root is
 * mounted already; a stopped one's overlay is mounted at the usual place for the operation, and unmounted
 * after it unless the container started meanwhile (its start remounts the root itself first).
 */
public final class StoppedRoot implements AutoCloseable {
    private final Syscalls syscalls;
    private final Path rootfs;
    private final boolean mountedHere;

    private StoppedRoot(Syscalls syscalls, Path rootfs, boolean mountedHere) {
        this.syscalls = syscalls;
        this.rootfs = rootfs;
        this.mountedHere = mountedHere;
    }

    /** The root of the container in {@code containerDir}, mounted from {@code lowers} if it was not. */
    public static StoppedRoot open(Syscalls syscalls, List<Path> lowers, Path containerDir) throws IOException {
        return open(syscalls, lowers, containerDir, IdRange.HOST, null);
    }

    /**
     * As {@link #open(Syscalls, List, Path)}, the layers idmapped into the container's range {@code ids}, as at
     * its start; {@code stateRoot}: where the runtime's helpers live.
     */
    public static StoppedRoot open(Syscalls syscalls, List<Path> lowers, Path containerDir, IdRange ids,
                                   Path stateRoot) throws IOException {
        ContainerFiles files = new ContainerFiles(containerDir);
        Path rootfs = Files.createDirectories(files.rootfs()).toRealPath();
        if (MountTable.read().isMountPoint(rootfs)) {
            return new StoppedRoot(syscalls, rootfs, false);
        }
        Files.createDirectories(files.upper());
        Files.createDirectories(files.work());
        new OverlayRoot(syscalls).mount(lowers, files, ids, stateRoot);
        return new StoppedRoot(syscalls, rootfs, true);
    }

    public Path path() {
        return rootfs;
    }

    /** Unmounts what {@link #open} mounted, if the container is still not running ({@code stillStopped}). */
    public void close(boolean stillStopped) throws IOException {
        if (mountedHere && stillStopped && MountTable.read().isMountPoint(rootfs)) {
            syscalls.umount2(rootfs, Syscalls.MNT_DETACH);
        }
    }

    @Override
    public void close() throws IOException {
        close(true);
    }
}
