package io.berth.agent.runtime;

import io.berth.agent.sys.SyscallFailure;
import io.berth.agent.sys.Syscalls;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Detaches container roots and lets the last reference go on a thread of its own. Freeing an overlay syncs its
 * upper filesystem (the host's), 5–20 ms on a busy disk, inside whichever call drops the last reference: the
 * umount, unless a descriptor still holds the mount. So the root is detached with an {@code O_PATH} descriptor
 * held (it is gone from every mount table at once) and that descriptor is closed here, off the exit's path. A
 * new overlay over the same upper directory waits for it ({@link #awaitFreed}); the agent's exit closes it too.
 */
final class DetachedRoots {
    private static final System.Logger LOG = System.getLogger(DetachedRoots.class.getName());
    private static final ExecutorService CLOSER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "berth-agent-detached-roots");
        t.setDaemon(true);
        return t;
    });
    private static final Map<Path, CompletableFuture<Void>> FREEING = new ConcurrentHashMap<>();

    /** Detaches the mount at {@code rootfs}; its superblock is freed on the closer thread. */
    static void detach(Syscalls syscalls, Path rootfs) throws SyscallFailure {
        int held;
        try {
            held = syscalls.openPath(rootfs);
        } catch (SyscallFailure e) {
            syscalls.umount2(rootfs, Syscalls.MNT_DETACH); // freed here then, as before
            return;
        }
        try {
            syscalls.umount2(rootfs, Syscalls.MNT_DETACH);
        } catch (SyscallFailure e) {
            closeQuietly(syscalls, held);
            throw e;
        }
        FREEING.compute(rootfs, (p, before) -> (before == null ? CompletableFuture.<Void>completedFuture(null) : before)
                .thenRunAsync(() -> closeQuietly(syscalls, held), CLOSER));
        CompletableFuture<Void> freeing = FREEING.get(rootfs);
        freeing.whenComplete((v, e) -> FREEING.remove(rootfs, freeing));
    }

    /** Returns once a root detached at {@code rootfs} is freed, so a new overlay never shares its upper with it. */
    static void awaitFreed(Path rootfs) {
        CompletableFuture<Void> freeing = FREEING.get(rootfs);
        if (freeing == null) {
            return;
        }
        try {
            freeing.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "the detached root at " + rootfs + " is not freed yet", e);
        }
    }

    private static void closeQuietly(Syscalls syscalls, int fd) {
        try {
            syscalls.close(fd);
        } catch (SyscallFailure e) {
            LOG.log(System.Logger.Level.WARNING, "closing a detached root: " + e.getMessage());
        }
    }

    private DetachedRoots() {
    }
}
