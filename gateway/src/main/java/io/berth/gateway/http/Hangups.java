package io.berth.gateway.http;

import io.netty.channel.Channel;
import io.netty.channel.unix.UnixChannel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Closes hijacked connections whose client has gone after half-closing them. With {@code ALLOW_HALF_CLOSURE},
 * Netty's epoll transport stops watching a socket's input once the client half-closes (it clears EPOLLIN and
 * EPOLLRDHUP) and reacts to EPOLLHUP alone with nothing, so when that client then dies (a Unix socket's peer
 * close is a hang-up, not a FIN) the level-triggered EPOLLHUP woke the event loop forever: one core at 100%,
 * and the connection never closed unless a write failed. This watches such sockets with {@code poll(2)} on its
 * own thread (asking for no event, so only POLLHUP/POLLERR/POLLNVAL report) and closes them on hang-up.
 * A poll holds a reference to each socket it watches, and a Unix socket's peer sees the end only when the last
 * reference goes: so every socket added or closed wakes the poll at once, or a finished {@code docker exec}
 * would wait out the poll's round before its client saw the stream end.
 */
public final class Hangups {
    private static final Logger LOG = Logger.getLogger(Hangups.class.getName());
    /** A poll's longest sleep; a change to the watched set wakes it sooner. */
    private static final int ROUND_MILLIS = 1000;
    private static final Hangups SHARED = new Hangups(new LibcPoll());

    private final Poll poll;
    private final Map<Channel, Integer> watched = new LinkedHashMap<>();
    private Thread thread;

    Hangups(Poll poll) {
        this.poll = poll;
    }

    /** The one watch of this process (a thread that exists only while some socket is watched). */
    public static Hangups shared() {
        return SHARED;
    }

    /** poll(2) over descriptors with no requested event: which of them hung up (or are invalid). */
    interface Poll {
        /** Blocks up to {@code timeoutMillis} or until {@link #wake}; returns the indexes of {@code fds} that hung up. */
        List<Integer> hungUp(int[] fds, int timeoutMillis);

        /** Ends the poll under way (or the next one) at once. */
        void wake();
    }

    /** Watches {@code channel} until it closes; a hang-up of its peer closes it. Channels without an fd are ignored. */
    public void watch(Channel channel) {
        if (!(channel instanceof UnixChannel unix) || !channel.isOpen()) {
            return;
        }
        int fd = unix.fd().intValue();
        synchronized (this) {
            watched.put(channel, fd);
            if (thread == null) {
                thread = new Thread(this::run, "berth-hangups");
                thread.setDaemon(true);
                thread.start();
            }
            notifyAll();
        }
        poll.wake();
        channel.closeFuture().addListener(f -> forget(channel));
    }

    /** How many sockets are watched, for tests and leak checks. */
    public synchronized int size() {
        return watched.size();
    }

    private void forget(Channel channel) {
        boolean was;
        synchronized (this) {
            was = watched.remove(channel) != null;
        }
        if (was) {
            // the poll under way still holds the closed socket open for its peer
            poll.wake();
        }
    }

    private void run() {
        while (true) {
            Channel[] channels;
            int[] fds;
            synchronized (this) {
                if (watched.isEmpty()) {
                    // no busy thread either: the last watched socket gone, this one ends
                    thread = null;
                    return;
                }
                channels = watched.keySet().toArray(new Channel[0]);
                fds = watched.values().stream().mapToInt(Integer::intValue).toArray();
            }
            try {
                for (int i : poll.hungUp(fds, ROUND_MILLIS)) {
                    Channel gone = channels[i];
                    forget(gone);
                    // a closed fd may have been reused meanwhile; closing an already closed channel does nothing
                    gone.close();
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "poll of hijacked sockets failed", e);
                sleepQuietly();
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(ROUND_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
