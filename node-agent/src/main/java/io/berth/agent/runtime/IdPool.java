package io.berth.agent.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A node's pool of host id ranges for containers' user namespaces: {@code slots} ranges of {@link IdRange#SIZE}
 * ids from {@code first}, each owned by at most one container, so no two containers share a host id. Pure and
 * not thread-safe: {@link UserNamespaces} guards it and rebuilds it from the ranges containers stored.
 */
public final class IdPool {
    /** Past the host's own users (useradd's subordinate ids start here too). */
    public static final long FIRST = 100_000;
    /** Up to 2^32 - FIRST host ids: 65,534 containers at most; the default is far less. */
    public static final int DEFAULT_SLOTS = 16_384;

    private final long first;
    private final int slots;
    private final Map<String, Integer> byOwner = new HashMap<>();
    private final TreeMap<Integer, String> bySlot = new TreeMap<>();

    public IdPool(long first, int slots) {
        if (first < 1 || slots < 1 || first + slots * IdRange.SIZE > 1L << 32) {
            throw new IllegalArgumentException("id pool from " + first + " with " + slots + " slots exceeds 2^32");
        }
        this.first = first;
        this.slots = slots;
    }

    public IdPool() {
        this(FIRST, DEFAULT_SLOTS);
    }

    /** The owner's range: the one it has, or the lowest free one. */
    public Optional<IdRange> allocate(String owner) {
        Integer had = byOwner.get(owner);
        if (had != null) {
            return Optional.of(range(had));
        }
        int slot = 0;
        for (int taken : bySlot.keySet()) {
            if (taken != slot) {
                break;
            }
            slot++;
        }
        if (slot >= slots) {
            return Optional.empty();
        }
        byOwner.put(owner, slot);
        bySlot.put(slot, owner);
        return Optional.of(range(slot));
    }

    /**
     * Records that {@code owner} holds {@code range} (read back from its stored state); false, and nothing
     * recorded, when the range is not one of this pool's slots or another owner holds it.
     */
    public boolean take(String owner, IdRange range) {
        long offset = range.base() - first;
        if (range.count() != IdRange.SIZE || offset < 0 || offset % IdRange.SIZE != 0
                || offset / IdRange.SIZE >= slots) {
            return false;
        }
        int slot = (int) (offset / IdRange.SIZE);
        String holder = bySlot.get(slot);
        if (holder != null) {
            return holder.equals(owner);
        }
        Integer had = byOwner.remove(owner);
        if (had != null) {
            bySlot.remove(had);
        }
        byOwner.put(owner, slot);
        bySlot.put(slot, owner);
        return true;
    }

    /** The owner's range goes back to the pool. */
    public void free(String owner) {
        Integer slot = byOwner.remove(owner);
        if (slot != null) {
            bySlot.remove(slot);
        }
    }

    /** A pool of the same ranges with none given out. */
    public IdPool empty() {
        return new IdPool(first, slots);
    }

    public int used() {
        return byOwner.size();
    }

    private IdRange range(int slot) {
        return new IdRange(first + slot * IdRange.SIZE, IdRange.SIZE);
    }
}
