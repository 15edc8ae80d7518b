package io.berth.gateway.http;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

import java.util.ArrayList;
import java.util.List;

/** {@link Hangups.Poll} through libc's {@code poll(2)} (jnr-ffi): {@code struct pollfd} is int fd, short events, short revents. */
final class LibcPoll implements Hangups.Poll {
    private static final int POLLERR = 0x008;
    private static final int POLLHUP = 0x010;
    private static final int POLLNVAL = 0x020;
    private static final int POLLFD_SIZE = 8;

    /** The one libc call this needs. */
    public interface Libc {
        int poll(Pointer fds, long nfds, int timeout);
    }

    private Libc libc;
    private Runtime runtime;

    @Override
    public List<Integer> hungUp(int[] fds, int timeoutMillis) {
        if (libc == null) {
            // loaded on first use, on the watch's own thread
            libc = LibraryLoader.create(Libc.class).load("c");
            runtime = Runtime.getRuntime(libc);
        }
        Pointer array = Memory.allocateDirect(runtime, fds.length * POLLFD_SIZE, true);
        for (int i = 0; i < fds.length; i++) {
            array.putInt(i * POLLFD_SIZE, fds[i]);
        }
        int ready = libc.poll(array, fds.length, timeoutMillis);
        List<Integer> gone = new ArrayList<>();
        if (ready <= 0) {
            return gone;
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
