package io.berth.agent.watch;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.MapEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.map.listener.MapClearedListener;
import com.hazelcast.map.listener.MapEvictedListener;

import java.util.function.Consumer;

/**
 * A Hazelcast map listener that hands the key of each entry added, updated, removed, evicted or expired to a
 * consumer, and {@code null} when the whole map was cleared or evicted. Registered without values: the member
 * sends only keys, and the pass reads what it needs.
 */
public final class MapKeys implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String>,
        EntryRemovedListener<String, String>, EntryEvictedListener<String, String>,
        EntryExpiredListener<String, String>, MapClearedListener, MapEvictedListener {
    private final Consumer<String> changed;

    public MapKeys(Consumer<String> changed) {
        this.changed = changed;
    }

    @Override
    public void entryAdded(EntryEvent<String, String> event) {
        changed.accept(event.getKey());
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
        changed.accept(event.getKey());
    }

    @Override
    public void entryRemoved(EntryEvent<String, String> event) {
        changed.accept(event.getKey());
    }

    @Override
    public void entryEvicted(EntryEvent<String, String> event) {
        changed.accept(event.getKey());
    }

    @Override
    public void entryExpired(EntryEvent<String, String> event) {
        changed.accept(event.getKey());
    }

    @Override
    public void mapCleared(MapEvent event) {
        changed.accept(null);
    }

    @Override
    public void mapEvicted(MapEvent event) {
        changed.accept(null);
    }
}
