package io.berth.gateway.container;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import io.berth.events.Json;
import io.berth.events.Maps;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.EndpointRecord;
import io.berth.events.state.JsonCas;
import io.berth.events.state.NodeRecord;
import io.berth.events.state.NodeState;
import io.berth.gateway.http.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The gateway's view of the Hazelcast maps; every call runs on a worker thread, never on the event loop. Listing
 * reads the {@code containers} and {@code endpoints} maps from {@link MapMirror}s kept in this process.
 */
public final class ContainerStore implements AutoCloseable {
    private final Vertx vertx;
    private final IMap<String, String> containers;
    private final IMap<String, String> names;
    private final IMap<String, String> nodes;
    private final IMap<String, String> endpoints;
    private final MapMirror<ContainerRecord> containerMirror;
    private final MapMirror<EndpointRecord> endpointMirror;

    public ContainerStore(Vertx vertx, HazelcastInstance hazelcast) {
        this.vertx = vertx;
        this.containers = hazelcast.getMap(Maps.CONTAINERS);
        this.names = hazelcast.getMap(Maps.NAMES);
        this.nodes = hazelcast.getMap(Maps.NODES);
        this.endpoints = hazelcast.getMap(Maps.ENDPOINTS);
        this.containerMirror = new MapMirror<>(containers, ContainerRecord.class);
        this.endpointMirror = new MapMirror<>(endpoints, EndpointRecord.class);
    }

    /**
     * A container event arrived: its writer changed the record before emitting it, so the next listing reads it
     * again. Called on the event consumer's thread before any waiter hears of the event. (Endpoints, shown only by
     * {@code --format {{.Networks}}}, follow their map's entry events.)
     */
    public void eventFor(String containerId) {
        if (containerId != null) {
            containerMirror.touch(containerId);
        }
    }

    @Override
    public void close() {
        containerMirror.close();
        endpointMirror.close();
    }

    /** The record a reference (id, prefix or name) points to; 404 or 400 otherwise. */
    public Future<ContainerRecord> find(String ref) {
        return blocking(() -> {
            String id = ContainerLookup.resolve(ref, containers::containsKey, names::get,
                    () -> new ArrayList<>(containers.keySet()));
            return JsonCas.get(containers, id, ContainerRecord.class)
                    .orElseThrow(() -> ApiError.noSuchContainer(ref));
        });
    }

    public Future<Optional<ContainerRecord>> get(String id) {
        return blocking(() -> JsonCas.get(containers, id, ContainerRecord.class));
    }

    /** The records of {@code ids} that exist, in one pipelined read (events that do not name their actor). */
    public Future<Map<String, ContainerRecord>> getAll(java.util.Set<String> ids) {
        return blocking(() -> {
            Map<String, ContainerRecord> out = new java.util.HashMap<>();
            containers.getAll(ids).forEach((id, json) -> out.put(id, Json.read(json, ContainerRecord.class)));
            return out;
        });
    }

    /**
     * {@code view} of every record and every container's endpoints, computed on a worker thread: a listing of
     * 100,000 containers takes long enough to stall an event loop.
     */
    public <T> Future<T> listing(java.util.function.BiFunction<List<ContainerRecord>, Map<String, List<EndpointRecord>>, T> view) {
        return blocking(() -> {
            Map<String, List<EndpointRecord>> byContainer = new java.util.HashMap<>();
            endpointMirror.values().forEach(ep -> byContainer.computeIfAbsent(ep.containerId(), k -> new ArrayList<>())
                    .add(ep));
            return view.apply(containerMirror.values(), byContainer);
        });
    }

    /** Every record, from the mirror: no scan of the map. */
    public Future<List<ContainerRecord>> all() {
        return blocking(containerMirror::values);
    }

    /** The container's address lease, if its node has given it one. */
    public Future<Optional<EndpointRecord>> endpoint(String id) {
        return blocking(() -> JsonCas.get(endpoints, id, EndpointRecord.class));
    }

    /** The container's address leases, one per network it is on, its {@code eth0}'s first. */
    public Future<List<EndpointRecord>> endpointsOf(String id) {
        return blocking(() -> {
            List<EndpointRecord> out = new ArrayList<>();
            endpoints.getAll(EndpointRecord.keys(id)).values()
                    .forEach(json -> out.add(Json.read(json, EndpointRecord.class)));
            out.sort(java.util.Comparator.comparing(EndpointRecord::iface));
            return out;
        });
    }

    /** Every address lease, by container id, several for a container on several networks. */
    public Future<Map<String, List<EndpointRecord>>> endpointsByContainer() {
        return blocking(() -> {
            Map<String, List<EndpointRecord>> out = new java.util.HashMap<>();
            endpointMirror.values().forEach(ep -> out.computeIfAbsent(ep.containerId(), k -> new ArrayList<>()).add(ep));
            return out;
        });
    }

    /** Every address lease, by its key (the container id for {@code eth0}). */
    public Future<Map<String, EndpointRecord>> endpoints() {
        return blocking(() -> {
            return endpointMirror.entries();
        });
    }

    public Future<List<NodeRecord>> nodes() {
        return blocking(() -> {
            List<NodeRecord> out = new ArrayList<>();
            for (String json : nodes.values()) {
                out.add(Json.read(json, NodeRecord.class));
            }
            return out;
        });
    }

    public Future<Optional<NodeRecord>> node(String nodeId) {
        if (nodeId == null) {
            return Future.succeededFuture(Optional.empty());
        }
        return blocking(() -> JsonCas.get(nodes, nodeId, NodeRecord.class));
    }

    /** Takes the name for {@code id}; empty when it was free, else the id that holds it. */
    public Future<Optional<String>> claimName(String name, String id) {
        return blocking(() -> Optional.ofNullable(names.putIfAbsent(name, id)));
    }

    public Future<Void> put(ContainerRecord record) {
        return blocking(() -> {
            containers.set(record.id(), Json.write(record));
            containerMirror.touch(record.id());
            return null;
        });
    }

    /** Removes what a failed create wrote: the record and the name, only if still ours. */
    public Future<Void> forget(String id, String name) {
        return blocking(() -> {
            containers.delete(id);
            containerMirror.touch(id);
            names.remove(name, id);
            return null;
        });
    }

    /** Frees every name still pointing at a removed container (conditional, so a reused name survives). */
    public Future<Void> freeNamesOf(String id) {
        return blocking(() -> {
            for (Map.Entry<String, String> e : names.entrySet(Predicates.equal("this", id))) {
                names.remove(e.getKey(), id);
            }
            return null;
        });
    }

    /** Changes a record by CAS; empty when it is gone. */
    public Future<Optional<ContainerRecord>> update(String id, java.util.function.UnaryOperator<ContainerRecord> change) {
        return blocking(() -> touched(id, JsonCas.update(containers, id, ContainerRecord.class, change)));
    }

    public Future<Optional<ContainerRecord>> setDesired(String id, String desired) {
        return blocking(() -> touched(id, JsonCas.update(containers, id, ContainerRecord.class,
                r -> r.withDesired(desired))));
    }

    /**
     * Moves {@code id} from its name to {@code newName}: the new name is claimed first (empty when it was free,
     * else the id holding it, and nothing changes), then the record, then the old name is let go.
     */
    public Future<Optional<String>> rename(String id, String newName) {
        return blocking(() -> {
            String holder = names.putIfAbsent(newName, id);
            if (holder != null) {
                return Optional.of(holder);
            }
            Optional<ContainerRecord> before = JsonCas.get(containers, id, ContainerRecord.class);
            JsonCas.update(containers, id, ContainerRecord.class, r -> r.withName(newName));
            containerMirror.touch(id);
            before.ifPresent(r -> names.remove(r.name(), id));
            return Optional.empty();
        });
    }

    /** Sets a node's scheduling state (e.g. {@code cordoned}, {@code ready}) by CAS; empty when unknown. */
    public Future<Optional<NodeRecord>> setNodeState(String nodeId, NodeState state) {
        return blocking(() -> JsonCas.update(nodes, nodeId, NodeRecord.class, n -> n.withState(state)));
    }

    private <T> T touched(String id, T result) {
        containerMirror.touch(id);
        return result;
    }

    private <T> Future<T> blocking(Callable<T> work) {
        return vertx.executeBlocking(work, false);
    }
}
