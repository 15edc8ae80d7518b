package io.berth.agent.runtime;

import io.berth.agent.sys.Errno;
import io.berth.agent.sys.SyscallFailure;
import io.berth.agent.sys.Syscalls;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells when monitors this agent did not spawn (adopted after a restart) exit: one pidfd per monitor, all
 * polled by one thread. The JDK's {@code ProcessHandle.onExit} cannot wait for a process that is not its
 * child and polls each one from its own thread every 0.3 s, slowing to every 5 s — so after a restart each
 * {@code docker rm -f} waited seconds for its exit, one after another on the command thread.
 */
final class MonitorExits {
    private static final Logger LOG = Logger.getLogger(MonitorExits.class.getName());
    /** How long a poll lasts before new monitors join it. */
    private static final int POLL_MILLIS = 200;

    private final Syscalls syscalls;
    private final BiPredicate<Long, String> isMonitor;
    private final LinkedBlockingQueue<Watch> joining = new LinkedBlockingQueue<>();
    private Thread thread;

    private record Watch(int fd, CompletableFuture<Void> gone) {
    }

    /** {@code isMonitor(pid, spec)} checks, once the pidfd pins the process, that it is the monitor of that spec. */
    MonitorExits(Syscalls syscalls, BiPredicate<Long, String> isMonitor) {
        this.syscalls = syscalls;
        this.isMonitor = isMonitor;
    }

    /** Completes once the monitor {@code pid} of {@code spec} is gone (at once if it is, or pid is someone else). */
    CompletableFuture<Void> whenGone(long pid, String spec) {
        int fd;
        try {
            fd = syscalls.pidfdOpen(pid);
        } catch (SyscallFailure e) {
            if (e.errno() == Errno.ESRCH) {
                return CompletableFuture.completedFuture(null);
            }
            if (e.errno() == Errno.ENOSYS) {
                // a kernel older than 5.3: the JDK's polling is slow but right
                return ProcessHandle.of(pid).filter(h -> isMonitor.test(pid, spec))
                        .map(h -> h.onExit().<Void>thenApply(p -> null))
                        .orElse(CompletableFuture.completedFuture(null));
            }
            throw new IllegalStateException("cannot watch monitor " + pid, e);
        }
        // checked after the pidfd is open: the pid cannot be handed to another process while we hold it
        if (!isMonitor.test(pid, spec)) {
            closeQuietly(fd);
            return CompletableFuture.completedFuture(null);
        }
        Watch watch = new Watch(fd, new CompletableFuture<>());
        joining.add(watch);
        ensureThread();
        return watch.gone();
    }

    private synchronized void ensureThread() {
        if (thread == null) {
            thread = new Thread(this::loop, "berth-agent-monitor-exits");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void loop() {
        Map<Integer, CompletableFuture<Void>> watched = new HashMap<>();
        while (true) {
            try {
                if (watched.isEmpty()) {
                    Watch first = joining.poll(1, TimeUnit.HOURS);
                    if (first != null) {
                        watched.put(first.fd(), first.gone());
                    }
                }
                for (Watch w; (w = joining.poll()) != null; ) {
                    watched.put(w.fd(), w.gone());
                }
                if (watched.isEmpty()) {
                    continue;
                }
                int[] fds = watched.keySet().stream().mapToInt(Integer::intValue).toArray();
                boolean[] readable = syscalls.pollReadable(fds, POLL_MILLIS);
                for (int i = 0; i < fds.length; i++) {
                    if (readable[i]) {
                        closeQuietly(fds[i]);
                        watched.remove(fds[i]).complete(null);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (SyscallFailure | RuntimeException e) {
                LOG.log(Level.WARNING, "watching " + watched.size() + " adopted monitor(s) failed; retrying", e);
                sleep();
            }
        }
    }

    private void closeQuietly(int fd) {
        try {
            syscalls.close(fd);
        } catch (SyscallFailure e) {
            LOG.log(Level.FINE, "close of pidfd " + fd, e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
