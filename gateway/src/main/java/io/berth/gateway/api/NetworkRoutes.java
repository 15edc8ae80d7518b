package io.berth.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.Json;
import io.berth.events.net.AddressRequest;
import io.berth.events.spec.NetworkSpec;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.NetworkRecord;
import io.berth.gateway.container.ContainerStore;
import io.berth.gateway.container.Times;
import io.berth.gateway.http.ApiError;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.Router;
import io.berth.gateway.network.NetworkFilters;
import io.berth.gateway.network.NetworkJson;
import io.berth.gateway.network.NetworkRequest;
import io.berth.gateway.network.NetworkStore;
import io.berth.gateway.network.NetworkUse;
import io.berth.gateway.stream.NodeStreams;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /networks}: create, list, inspect, remove, prune, connect and disconnect, with dockerd's words. The
 * built-in {@code bridge}, {@code host} and {@code none} are listed and inspected but never removed. A container
 * may be on several networks, as with dockerd: connect adds one (the first of a container on {@code none}), and
 * disconnect takes one off, the last leaving it with only loopback. A stopped one only has its spec changed
 * (compose's create-time disconnect/connect, and its connects of a service's further networks);
 * a running one is changed live by its node's agent ({@code POST /containers/{id}/network}), which plugs or
 * unplugs its veth, leases or frees its address, updates the record and emits the event.
 */
public final class NetworkRoutes {
    private static final List<String> BUILT_IN = List.of("bridge", "host", "none");
    private static final String ONE = "/networks/{id}";

    private final NetworkStore networks;
    private final ContainerStore containers;
    private final NodeStreams streams;

    public NetworkRoutes(NetworkStore networks, ContainerStore containers, NodeStreams streams) {
        this.networks = networks;
        this.containers = containers;
        this.streams = streams;
    }

    public void register(Router router) {
        router.add(HttpMethod.POST, "/networks/create", this::create)
                .add(HttpMethod.POST, "/networks/prune", this::prune)
                .add(HttpMethod.GET, "/networks", this::list)
                .add(HttpMethod.GET, ONE, this::inspect)
                .add(HttpMethod.DELETE, ONE, this::remove)
                .add(HttpMethod.POST, ONE + "/connect", this::connect)
                .add(HttpMethod.POST, ONE + "/disconnect", this::disconnect);
    }

    private Future<Void> create(Exchange ex) {
        return ex.body().compose(buf -> {
            JsonNode body = buf.length() == 0 ? Json.MAPPER.createObjectNode() : Json.read(buf.toString(), JsonNode.class);
            NetworkRequest req = NetworkRequest.parse(body);
            return networks.create(req, Times.format(Instant.now())).compose(n -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("Id", n.id());
                out.put("Warning", "");
                return ex.json(201, out);
            });
        });
    }

    private Future<Void> list(Exchange ex) {
        NetworkFilters filters = NetworkFilters.forList(ex.query("filters"));
        return containers.all().compose(all -> networks.nodeBridgeSubnets().compose(bridges -> networks.all().map(ns -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (String name : BUILT_IN) {
                if (filters.selects(name, NetworkRecord.idOf(name), driver(name), true, Map.of(), true)) {
                    out.add(NetworkJson.builtIn(name, bridges, Map.of()));
                }
            }
            ns.stream().sorted(Comparator.comparing(NetworkRecord::name))
                    .filter(n -> filters.selects(n.name(), n.id(), n.driver(), false, n.labels(),
                            !NetworkUse.users(n.name(), all).isEmpty()))
                    .forEach(n -> out.add(NetworkJson.of(n, Map.of())));
            return out;
        }))).compose(out -> ex.json(200, out));
    }

    private Future<Void> inspect(Exchange ex) {
        String ref = ex.param("id");
        return containers.all().compose(all -> containers.endpoints().compose(eps -> {
            if (BUILT_IN.contains(ref)) {
                return networks.nodeBridgeSubnets().compose(bridges -> ex.json(200,
                        NetworkJson.builtIn(ref, bridges, NetworkJson.containers(ref, all, eps))));
            }
            return found(ref).compose(n -> ex.json(200, NetworkJson.of(n, NetworkJson.containers(n.name(), all, eps))));
        }));
    }

    private Future<Void> remove(Exchange ex) {
        String ref = ex.param("id");
        if (BUILT_IN.contains(ref)) {
            return Future.failedFuture(new ApiError(403, ref + " is a pre-defined network and cannot be removed"));
        }
        return found(ref).compose(n -> containers.all().compose(all -> {
            if (!NetworkUse.users(n.name(), all).isEmpty()) {
                return Future.failedFuture(new ApiError(403, "error while removing network: network " + n.name()
                        + " id " + n.id() + " has active endpoints"));
            }
            return networks.remove(n).compose(v -> ex.noContent());
        }));
    }

    private Future<Void> prune(Exchange ex) {
        NetworkFilters filters = NetworkFilters.forPrune(ex.query("filters"));
        return containers.all().compose(all -> networks.all().compose(ns -> {
            List<NetworkRecord> unused = ns.stream()
                    .filter(n -> NetworkUse.users(n.name(), all).isEmpty())
                    .filter(n -> filters.selects(n.name(), n.id(), n.driver(), false, n.labels(), false))
                    .filter(n -> filters.createdBefore(n.created(), Instant.now()))
                    .sorted(Comparator.comparing(NetworkRecord::name)).toList();
            List<String> deleted = new ArrayList<>();
            Future<Void> chain = Future.succeededFuture();
            for (NetworkRecord n : unused) {
                chain = chain.compose(x -> networks.remove(n).map(v -> {
                    deleted.add(n.name());
                    return null;
                }));
            }
            return chain.compose(x -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("NetworksDeleted", deleted.isEmpty() ? null : deleted);
                return ex.json(200, body);
            });
        }));
    }

    private Future<Void> connect(Exchange ex) {
        return ex.body().compose(buf -> {
            JsonNode body = buf.length() == 0 ? Json.MAPPER.createObjectNode() : Json.read(buf.toString(), JsonNode.class);
            JsonNode endpoint = body.path("EndpointConfig");
            JsonNode ipam = endpoint.path("IPAMConfig").deepCopy();
            String ip = ipam.path("IPv4Address").asText("");
            if (ipam instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
                o.remove("IPv4Address");
            }
            if (!zero(ipam)) {
                String field = ipam.path("IPv6Address").asText("").isEmpty() ? "IPAMConfig" : "IPAMConfig.IPv6Address (--ip6)";
                throw ApiError.badRequest("Berth does not support EndpointConfig." + field
                        + " (docker network connect): refusing to connect without it");
            }
            for (String field : List.of("Links", "MacAddress", "DriverOpts", "IPAddress")) {
                if (!zero(endpoint.path(field))) {
                    throw ApiError.badRequest("Berth does not support EndpointConfig." + field
                            + " (docker network connect): refusing to connect without it");
                }
            }
            if (!ip.isEmpty() && !ip.matches("(\\d{1,3}\\.){3}\\d{1,3}")) {
                throw ApiError.badRequest("invalid IPv4 address: " + ip);
            }
            List<String> aliases = new ArrayList<>();
            endpoint.path("Aliases").forEach(a -> {
                if (!aliases.contains(a.asText())) {
                    aliases.add(a.asText());
                }
            });
            return target(ex, body).compose(t -> {
                NetworkSpec net = t.container().spec().network();
                String name = t.network();
                if (net.mode().equals(name) || net.isOn(name)) {
                    throw new ApiError(403, "endpoint with name " + t.container().name() + " already exists in network "
                            + name);
                }
                if (net.mode().equals("host") || net.joinedContainer() != null) {
                    // dockerd's words
                    throw ApiError.badRequest("container sharing network namespace with another container or host "
                            + "cannot be connected to any other network");
                }
                if (!net.mode().equals("none") && (name.equals("host") || name.equals("none"))) {
                    throw ApiError.badRequest("container cannot be disconnected from host network or connected to "
                            + "host network");
                }
                if (net.attachments().size() >= io.berth.events.state.EndpointRecord.MAX_INTERFACES) {
                    throw ApiError.badRequest("Berth does not support a container on more than "
                            + io.berth.events.state.EndpointRecord.MAX_INTERFACES + " networks (docker network connect)");
                }
                if (!name.equals("bridge") && !name.equals("host") && t.record().isEmpty()) {
                    throw ApiError.notFound("network " + name + " not found");
                }
                if (!aliases.isEmpty() && BUILT_IN.contains(name)) {
                    throw ApiError.badRequest("network-scoped alias is supported only for containers in user defined networks");
                }
                if (!ip.isEmpty() && BUILT_IN.contains(name)) {
                    throw ApiError.badRequest(AddressRequest.USER_NETWORKS_ONLY);
                }
                t.record().ifPresent(n -> ContainerCreateRoute.checkAskedAddress(n, ip));
                return change(ex, t.container(), net.connected(name, aliases, ip));
            });
        });
    }

    private Future<Void> disconnect(Exchange ex) {
        return ex.body().compose(buf -> {
            JsonNode body = buf.length() == 0 ? Json.MAPPER.createObjectNode() : Json.read(buf.toString(), JsonNode.class);
            return target(ex, body).compose(t -> {
                NetworkSpec net = t.container().spec().network();
                if (!net.mode().equals(t.network()) && !net.isOn(t.network())) {
                    throw ApiError.badRequest("container " + t.container().id() + " is not connected to network "
                            + t.network());
                }
                return change(ex, t.container(), net.disconnected(t.network()));
            });
        });
    }

    /** The container and network named by a connect/disconnect; a restarting container is refused, as dockerd. */
    private Future<Target> target(Exchange ex, JsonNode body) {
        String ref = ex.param("id");
        String container = body.path("Container").asText("");
        if (container.isEmpty()) {
            return Future.failedFuture(ApiError.badRequest("container is required"));
        }
        Future<Optional<NetworkRecord>> network = BUILT_IN.contains(ref) ? Future.succeededFuture(Optional.empty())
                : found(ref).map(Optional::of);
        return network.compose(n -> containers.find(container).map(r -> {
            if (r.status() == io.berth.events.ContainerState.RESTARTING) {
                throw ApiError.conflict("Container " + r.id() + " is restarting, wait until the container is running");
            }
            return new Target(r, n.map(NetworkRecord::name).orElse(ref), n);
        }));
    }

    /** A running container is changed live by its agent; any other only has its spec changed. */
    private Future<Void> change(Exchange ex, ContainerRecord r, NetworkSpec net) {
        if (NetworkUse.active(r)) {
            String was = r.spec().network().mode();
            if (was.equals("host") || net.mode().equals("host") || r.spec().network().joinedContainer() != null) {
                // dockerd's words; a joined namespace is the other container's to change
                throw ApiError.badRequest("container cannot be disconnected from host network or connected to host network");
            }
            return streams.send(r, "network", Buffer.buffer(Json.write(net)))
                    .compose(up -> {
                        Future<Buffer> body = up.response().body();
                        up.response().resume();
                        return body;
                    })
                    .compose(v -> ex.response().setStatusCode(200).end());
        }
        return containers.update(r.id(), c -> c.withSpec(c.spec().toBuilder().network(net).build()))
                .compose(v -> ex.response().setStatusCode(200).end());
    }

    private Future<NetworkRecord> found(String ref) {
        return networks.find(ref).map(n -> n.orElseThrow(() -> ApiError.notFound("network " + ref + " not found")));
    }

    private static String driver(String builtIn) {
        return builtIn.equals("none") ? "null" : builtIn;
    }

    private static boolean zero(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return true;
        }
        if (v.isTextual()) {
            return v.asText().isEmpty();
        }
        if (v.isContainerNode()) {
            for (JsonNode c : v) {
                if (!zero(c)) {
                    return false;
                }
            }
            return true;
        }
        return v.isNumber() ? v.asDouble() == 0 : !v.asBoolean();
    }

    private record Target(ContainerRecord container, String network, Optional<NetworkRecord> record) {
    }
}
