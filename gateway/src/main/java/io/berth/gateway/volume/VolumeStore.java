package io.berth.gateway.volume;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.berth.events.Json;
import io.berth.events.Maps;
import io.berth.events.spec.ContainerSpec;
import io.berth.events.spec.MountSpec;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.JsonCas;
import io.berth.events.state.VolumeRecord;
import io.berth.gateway.http.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The Hazelcast {@code volumes} map as the gateway uses it, always on worker threads. A placed volume is removed by
 * its node's agent (it deletes the directory, then the record): the gateway marks it {@code removing} and waits.
 */
public final class VolumeStore {
    static final long REMOVE_WAIT_MILLIS = 15_000;
    private final Vertx vertx;
    private final IMap<String, String> volumes;

    public VolumeStore(Vertx vertx, HazelcastInstance hazelcast) {
        this.vertx = vertx;
        this.volumes = hazelcast.getMap(Maps.VOLUMES);
    }

    public Future<Optional<VolumeRecord>> get(String name) {
        return blocking(() -> JsonCas.get(volumes, name, VolumeRecord.class));
    }

    public Future<List<VolumeRecord>> all() {
        return blocking(() -> {
            List<VolumeRecord> out = new ArrayList<>();
            for (String json : volumes.values()) {
                out.add(Json.read(json, VolumeRecord.class));
            }
            return out;
        });
    }

    /** The record written, or the one already there (a name is created once, as dockerd's create is idempotent). */
    public Future<VolumeRecord> create(VolumeRecord record) {
        return blocking(() -> {
            String before = volumes.putIfAbsent(record.name(), Json.write(record));
            return before == null ? record : Json.read(before, VolumeRecord.class);
        });
    }

    /**
     * Makes sure every volume {@code spec} mounts has a record (dockerd creates a named volume on first use);
     * returns the names this call created, so a create that fails can take them back. A volume being removed
     * cannot be mounted.
     */
    public Future<List<String>> ensure(ContainerSpec spec, String now) {
        return blocking(() -> {
            List<String> made = new ArrayList<>();
            for (MountSpec m : spec.mounts()) {
                if (!"volume".equals(m.type())) {
                    continue;
                }
                String before = volumes.putIfAbsent(m.name(),
                        Json.write(VolumeRecord.created(m.name(), Map.of(), now, m.anonymous())));
                if (before == null) {
                    made.add(m.name());
                } else if (Json.read(before, VolumeRecord.class).isRemoving()) {
                    throw ApiError.conflict("volume " + m.name() + " is being removed");
                }
            }
            return made;
        });
    }

    /**
     * The record once its node's agent has recorded the mountpoint (it makes the directory within a second), or as
     * it is after {@code millis}: an unplaced volume, or a node that did not answer, shows an empty mountpoint.
     */
    public Future<Optional<VolumeRecord>> awaitMountpoint(String name, long millis) {
        return blocking(() -> {
            long until = System.currentTimeMillis() + millis;
            while (true) {
                Optional<VolumeRecord> v = JsonCas.get(volumes, name, VolumeRecord.class);
                if (v.isEmpty() || v.get().nodeId() == null || v.get().mountpoint() != null
                        || System.currentTimeMillis() > until) {
                    return v;
                }
                Thread.sleep(50);
            }
        });
    }

    /** Takes back volumes a failed create made, if no node holds them yet. */
    public Future<Void> forget(List<String> names) {
        return blocking(() -> {
            for (String name : names) {
                JsonCas.get(volumes, name, VolumeRecord.class).filter(v -> v.nodeId() == null)
                        .ifPresent(v -> volumes.remove(name, Json.write(v)));
            }
            return null;
        });
    }

    /**
     * Removes a volume: an unplaced one at once, a placed one by its node's agent, waited for here. True when the
     * record is gone; false when the node has not finished within the wait (the record stays {@code removing},
     * and the agent completes it when it runs).
     */
    public Future<Boolean> remove(String name) {
        return blocking(() -> {
            Optional<VolumeRecord> marked = JsonCas.update(volumes, name, VolumeRecord.class,
                    v -> v.nodeId() == null ? null : v.removing());
            if (marked.isEmpty()) {
                volumes.delete(name); // absent or unplaced: nothing on any disk
                return true;
            }
            long until = System.currentTimeMillis() + REMOVE_WAIT_MILLIS;
            while (volumes.containsKey(name)) {
                if (System.currentTimeMillis() > until) {
                    return false;
                }
                Thread.sleep(50);
            }
            return true;
        });
    }

    private <T> Future<T> blocking(Callable<T> work) {
        return vertx.executeBlocking(work, false);
    }

    /** As dockerd's {@code rm -v} and {@code --rm}: the removed container's anonymous volumes go with it. */
    public Future<Void> removeAnonymous(ContainerRecord removed) {
        Future<Void> chain = Future.succeededFuture();
        if (removed.spec() == null) {
            return chain;
        }
        for (var m : removed.spec().mounts()) {
            if ("volume".equals(m.type()) && m.anonymous()) {
                chain = chain.compose(x -> remove(m.name()).mapEmpty());
            }
        }
        return chain;
    }
}
