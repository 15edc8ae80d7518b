package io.berth.agent.runtime;

/**
 * The host ids a container's user namespace maps its ids {@code 0..count-1} onto ({@code base..base+count-1}),
 * the same for users and groups. {@link #HOST} is the identity map of the host's own namespace (no user
 * namespace). Pure: every host-side reader of a container's files maps owners back with {@link #toContainer}
 * (cp out, export, commit), every host-side writer forward with {@link #toHost} (cp in, the agent's own files).
 */
public record IdRange(long base, long count) {

    /** The size of one container's range, as podman's --userns=auto and Kubernetes. */
    public static final long SIZE = 65_536;

    /** The kernel's "overflow" id: what an id outside the range shows as on the other side. */
    public static final long OVERFLOW = 65_534;

    /** The host's own user namespace: ids are host ids. */
    public static final IdRange HOST = new IdRange(0, 1L << 32);

    public IdRange {
        if (base < 0 || count <= 0 || base + count > 1L << 32) {
            throw new IllegalArgumentException("id range " + base + "+" + count + " is outside 0..2^32");
        }
    }

    public boolean isHost() {
        return equals(HOST);
    }

    /** The host id of the container's {@code id}; an id outside the range is the overflow id's. */
    public long toHost(long id) {
        return id >= 0 && id < count ? base + id : toHost(OVERFLOW);
    }

    /** The container's id for host id {@code hostId}; one outside the range shows as the overflow id. */
    public long toContainer(long hostId) {
        return hostId >= base && hostId - base < count ? hostId - base : OVERFLOW;
    }

    /** The form of the monitor spec's {@code userns} line and the container's {@code userns} file. */
    public String render() {
        return base + " " + count;
    }

    /** The inverse of {@link #render}. */
    public static IdRange parse(String text) {
        String[] parts = text.trim().split(" ");
        if (parts.length != 2) {
            throw new IllegalArgumentException("not an id range (\"<base> <count>\"): " + text);
        }
        return new IdRange(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    }
}
