package io.berth.agent.lifecycle;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The container processes this agent watches, by container id: the node's own truth about "running". */
public final class ContainerTable {
    private final ConcurrentMap<String, Tracked> byId = new ConcurrentHashMap<>();
    private final Collection<Consumer<Tracked>> watchers = new CopyOnWriteArrayList<>();

    public void put(Tracked tracked) {
        byId.put(tracked.id(), tracked);
        watchers.forEach(w -> w.accept(tracked));
    }

    /** Calls {@code watcher} with every process watched from now on (an attach waits for the next run); returns the unsubscribe. */
    public Runnable onWatch(Consumer<Tracked> watcher) {
        watchers.add(watcher);
        return () -> watchers.remove(watcher);
    }

    /** Watched, whether or not its exit has been announced yet. */
    public Optional<Tracked> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Watched and its process still alive. */
    public Optional<Tracked> running(String id) {
        return get(id).filter(t -> !t.exited());
    }

    void remove(Tracked tracked) {
        byId.remove(tracked.id(), tracked);
    }

    public Collection<Tracked> all() {
        return byId.values();
    }
}
