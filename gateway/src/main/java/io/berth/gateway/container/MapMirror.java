package io.berth.gateway.container;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.berth.events.Json;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Hazelcast map of JSON records kept parsed in this gateway, so {@code docker ps} reads memory instead of
 * scanning and parsing every record per call. Entry events carry only keys: each marks its key dirty, and a read
 * first re-reads the dirty keys (all at once, one operation per key, pipelined) before answering. Why dirty keys
 * rather than the events' values: a read must never answer older than a write the caller already saw acknowledged,
 * and an entry event may arrive after the Kafka event the gateway answered the caller on. So whoever learns of a
 * write first — the entry event, the gateway's own write, or the container event on Kafka (the writer writes the
 * record before it emits the event) — {@linkplain #touch marks} the key, and the next read fetches the value as it
 * is now. A restarted gateway loads everything once at start; several gateways each keep their own.
 */
public final class MapMirror<T> implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String>,
        EntryRemovedListener<String, String>, EntryEvictedListener<String, String>, AutoCloseable {
    private static final long READ_SECONDS = 30;
    private final IMap<String, String> map;
    private final Class<T> type;
    private final Map<String, T> records = new ConcurrentHashMap<>();
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final UUID registration;

    /** Registers for events first, then loads what is there, so no write falls between the two. */
    public MapMirror(IMap<String, String> map, Class<T> type) {
        this.map = map;
        this.type = type;
        this.registration = map.addEntryListener(this, false);
        map.forEach((key, json) -> records.put(key, Json.read(json, type)));
    }

    /** Someone wrote {@code key}: the next read fetches it. */
    public void touch(String key) {
        dirty.add(key);
    }

    public void touchAll(Collection<String> keys) {
        dirty.addAll(keys);
    }

    /** Every record, current as of this call: the dirty keys are fetched first. */
    public List<T> values() {
        refresh();
        return new ArrayList<>(records.values());
    }

    /** Key → record, current as of this call. */
    public Map<String, T> entries() {
        refresh();
        return new HashMap<>(records);
    }

    // Taken out of the set before the read: a write marked meanwhile is read again by the next call, never lost.
    private synchronized void refresh() {
        if (dirty.isEmpty()) {
            return;
        }
        List<String> keys = new ArrayList<>(dirty);
        keys.forEach(dirty::remove);
        Map<String, CompletableFuture<String>> reads = new HashMap<>();
        for (String key : keys) {
            reads.put(key, map.getAsync(key).toCompletableFuture());
        }
        try {
            for (Map.Entry<String, CompletableFuture<String>> read : reads.entrySet()) {
                String json = read.getValue().get(READ_SECONDS, TimeUnit.SECONDS);
                if (json == null) {
                    records.remove(read.getKey());
                } else {
                    records.put(read.getKey(), Json.read(json, type));
                }
            }
        } catch (InterruptedException e) {
            dirty.addAll(keys);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading " + map.getName(), e);
        } catch (ExecutionException | TimeoutException e) {
            dirty.addAll(keys);
            throw new IllegalStateException("could not read " + map.getName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void entryAdded(EntryEvent<String, String> event) {
        dirty.add(event.getKey());
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
        dirty.add(event.getKey());
    }

    @Override
    public void entryRemoved(EntryEvent<String, String> event) {
        dirty.add(event.getKey());
    }

    @Override
    public void entryEvicted(EntryEvent<String, String> event) {
        dirty.add(event.getKey());
    }

    @Override
    public void close() {
        map.removeEntryListener(registration);
    }
}
