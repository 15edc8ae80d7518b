package io.berth.gateway.http;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link Hangups.Poll} through libc's {@code poll(2)} (jnr-ffi): {@code struct pollfd} is int fd, short events,
 * short revents. A pipe's read end is polled too, so {@link #wake()} ends a poll at once.
 */
final class LibcPoll implements Hangups.Poll {
    private static final int POLLIN = 0x001;
    private static final int POLLERR = 0x008;
    private static final int POLLHUP = 0x010;
    private static final int POLLNVAL = 0x020;
    private static final int POLLFD_SIZE = 8;
    private static final int O_NONBLOCK = 04000;
    private static final int O_CLOEXEC = 02000000;

    /** The libc calls this needs. */
    public interface Libc {
        int poll(Pointer fds, long nfds, int timeout);

        int pipe2(int[] fds, int flags);

        long read(int fd, byte[] buf, long count);

        long write(int fd, byte[] buf, long count);
    }

    private Libc libc;
    private Runtime runtime;
    private int wakeRead = -1;
    private int wakeWrite = -1;

    private synchronized void load() {
        if (libc != null) {
            return;
        }
        Libc loaded = LibraryLoader.create(Libc.class).load("c");
        int[] pipe = new int[2];
        if (loaded.pipe2(pipe, O_NONBLOCK | O_CLOEXEC) == 0) {
            wakeRead = pipe[0];
            wakeWrite = pipe[1];
        }
        runtime = Runtime.getRuntime(loaded);
        libc = loaded;
    }

    @Override
    public void wake() {
        load();
        if (wakeWrite >= 0) {
            libc.write(wakeWrite, new byte[]{1}, 1);
        }
    }

    @Override
    public List<Integer> hungUp(int[] fds, int timeoutMillis) {
        load();
        int n = fds.length + (wakeRead >= 0 ? 1 : 0);
        Pointer array = Memory.allocateDirect(runtime, n * POLLFD_SIZE, true);
        for (int i = 0; i < fds.length; i++) {
            array.putInt(i * POLLFD_SIZE, fds[i]);
        }
        if (wakeRead >= 0) {
            array.putInt(fds.length * POLLFD_SIZE, wakeRead);
            array.putShort(fds.length * POLLFD_SIZE + 4, (short) POLLIN);
        }
        int ready = libc.poll(array, n, timeoutMillis);
        List<Integer> gone = new ArrayList<>();
        if (ready <= 0) {
            return gone;
        }
        if (wakeRead >= 0 && (array.getShort(fds.length * POLLFD_SIZE + 6) & POLLIN) != 0) {
            byte[] drain = new byte[64];
            while (libc.read(wakeRead, drain, drain.length) > 0) {
                // empties the pipe; the next poll sleeps again
            }
        }
        for (int i = 0; i < fds.length; i++) {
            int revents = array.getShort(i * POLLFD_SIZE + 6) & 0xffff;
            if ((revents & (POLLERR | POLLHUP | POLLNVAL)) != 0) {
                gone.add(i);
            }
        }
        return gone;
    }
}
