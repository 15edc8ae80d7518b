package io.berth.gateway.network;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.berth.events.Json;
import io.berth.events.Maps;
import io.berth.events.net.Ipv4;
import io.berth.events.net.Ipv4Cidr;
import io.berth.events.net.SubnetPool;
import io.berth.events.state.NetworkRecord;
import io.berth.gateway.http.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The Hazelcast {@code networks} map and the subnets they hold in {@code bridge-subnets}, always on worker threads.
 * A network's subnet is taken with {@code putIfAbsent} from the same pool as the nodes' default bridges, so no two
 * networks, and no network and node bridge, overlap; none overlaps the host's routes either.
 */
public final class NetworkStore {
    private final Vertx vertx;
    private final IMap<String, String> networks;
    private final IMap<String, String> subnets;
    private final Supplier<List<Ipv4Cidr>> hostRoutes;

    public NetworkStore(Vertx vertx, HazelcastInstance hazelcast, Supplier<List<Ipv4Cidr>> hostRoutes) {
        this.vertx = vertx;
        this.networks = hazelcast.getMap(Maps.NETWORKS);
        this.subnets = hazelcast.getMap(Maps.BRIDGE_SUBNETS);
        this.hostRoutes = hostRoutes;
    }

    public Future<List<NetworkRecord>> all() {
        return blocking(() -> {
            List<NetworkRecord> out = new ArrayList<>();
            for (String json : networks.values()) {
                out.add(Json.read(json, NetworkRecord.class));
            }
            return out;
        });
    }

    /** The node bridges' subnets ({@code bridge} network's IPAM), one per node. */
    public Future<List<String>> nodeBridgeSubnets() {
        return blocking(() -> subnets.entrySet().stream().filter(e -> !e.getValue().startsWith("network:"))
                .map(Map.Entry::getKey).sorted().toList());
    }

    /** Takes the name, then the asked subnet (or the pool's first free one); 409 / 403 with dockerd's words. */
    public Future<NetworkRecord> create(NetworkRequest req, String created) {
        return blocking(() -> {
            if (networks.containsKey(req.name())) {
                throw ApiError.conflict("network with name " + req.name() + " already exists");
            }
            String holder = NetworkRecord.subnetHolder(req.name());
            Ipv4Cidr subnet = lease(req.subnet(), holder);
            Ipv4 gateway = req.gateway() != null ? req.gateway() : subnet.host(1);
            NetworkRecord record = new NetworkRecord(NetworkRecord.idOf(req.name()), req.name(), "bridge",
                    subnet.toString(), gateway.toString(), req.internal(), req.attachable(), req.labels(), created);
            if (networks.putIfAbsent(req.name(), Json.write(record)) != null) {
                subnets.remove(subnet.toString(), holder);
                throw ApiError.conflict("network with name " + req.name() + " already exists");
            }
            return record;
        });
    }

    /** Deletes the record, then frees its subnet; the nodes take their bridges down when they see it gone. */
    public Future<Void> remove(NetworkRecord record) {
        return blocking(() -> {
            networks.remove(record.name());
            subnets.remove(record.subnet(), NetworkRecord.subnetHolder(record.name()));
            return null;
        });
    }

    private Ipv4Cidr lease(Ipv4Cidr asked, String holder) {
        List<Ipv4Cidr> routes = hostRoutes.get();
        if (asked != null) {
            boolean clash = subnets.keySet().stream().map(Ipv4Cidr::parse).anyMatch(asked::overlaps)
                    || !SubnetPool.usable(asked, routes);
            if (clash || subnets.putIfAbsent(asked.toString(), holder) != null) {
                throw new ApiError(403, "Pool overlaps with other one on this address space");
            }
            return asked;
        }
        for (int attempt = 0; attempt < 64; attempt++) {
            List<Ipv4Cidr> held = subnets.keySet().stream().map(Ipv4Cidr::parse).toList();
            Ipv4Cidr picked = SubnetPool.CLUSTER.pick(held, routes).orElseThrow(() -> ApiError.internal(
                    "could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network"));
            if (subnets.putIfAbsent(picked.toString(), holder) == null) {
                return picked;
            }
        }
        throw ApiError.internal("could not lease a subnet: too many concurrent creates");
    }

    /** A network by name, full id or unique id prefix. */
    public Future<Optional<NetworkRecord>> find(String ref) {
        return blocking(() -> {
            String byName = networks.get(ref);
            if (byName != null) {
                return Optional.of(Json.read(byName, NetworkRecord.class));
            }
            NetworkRecord match = null;
            for (String json : networks.values()) {
                NetworkRecord r = Json.read(json, NetworkRecord.class);
                if (r.id().equals(ref)) {
                    return Optional.of(r);
                }
                if (!ref.isEmpty() && r.id().startsWith(ref)) {
                    if (match != null) {
                        throw ApiError.badRequest("network " + ref + " is ambiguous (2 matches found based on ID prefix)");
                    }
                    match = r;
                }
            }
            return Optional.ofNullable(match);
        });
    }

    private <T> Future<T> blocking(Callable<T> work) {
        return vertx.executeBlocking(work, false);
    }
}
