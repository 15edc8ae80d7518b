package io.berth.agent.stream;

import io.berth.agent.NodePaths;
import io.berth.agent.lifecycle.ContainerTable;
import io.berth.agent.lifecycle.EventSink;
import io.berth.agent.net.ContainerNetworks;
import io.berth.agent.net.NetworkRefused;
import io.berth.agent.net.SandboxSpec;
import io.berth.agent.runtime.ContainerFiles;
import io.berth.agent.runtime.EtcWriter;
import io.berth.events.Json;
import io.berth.events.event.ContainerNetworkChanged;
import io.berth.events.spec.NetworkAttachment;
import io.berth.events.spec.NetworkSpec;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.JsonCas;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;

/**
 * Live {@code docker network connect} / {@code disconnect} of a container running here, asked by the gateway:
 * <pre>
 * POST /containers/{id}/network   body: the container's new NetworkSpec (JSON), one network more or less
 *   a network left    : its veth and lease go (names stop resolving); the last one leaves only lo, the first one
 *                       hands the default route to the next
 *   a network added   : a veth on that network (eth0 with the default route and /etc/hosts, /etc/resolv.conf
 *                       rewritten when the container had only lo, else eth1 …), its address leased as at start
 *                       (--ip honoured)
 *   then the record's spec becomes the new one and ContainerNetworkChanged is emitted per network; 200.
 *   409 when the container does not run here; the network's refusal (404, 403 …) as it is.
 * </pre>
 * Runs beside the command thread, like exec: it touches only the container's namespace, its lease and the node's
 * port rules, each of which is safe against a concurrent start or removal of another container.
 */
public final class NetworkRoutes {
    private final Vertx vertx;
    private final ConcurrentMap<String, String> records;
    private final ContainerTable table;
    private final ContainerNetworks networks;
    private final NodePaths paths;
    private final EventSink events;
    private final String nodeId;

    public NetworkRoutes(Vertx vertx, ConcurrentMap<String, String> records, ContainerTable table,
                         ContainerNetworks networks, NodePaths paths, EventSink events, String nodeId) {
        this.vertx = vertx;
        this.records = records;
        this.table = table;
        this.networks = networks;
        this.paths = paths;
        this.events = events;
        this.nodeId = nodeId;
    }

    public void register(StreamEndpoint endpoint) {
        endpoint.add(HttpMethod.POST, "/containers/{id:[0-9a-f]{64}}/network", this::change);
    }

    private void change(HttpServerRequest request, Map<String, String> params) {
        String id = params.get("id");
        request.body().compose(body -> vertx.executeBlocking(() -> apply(id, Json.read(body.toString(),
                NetworkSpec.class)), false)).onComplete(ar -> {
            if (ar.succeeded()) {
                request.response().setStatusCode(200).end();
            } else if (ar.cause() instanceof NetworkRefused refused) {
                StreamErrors.answer(request.response(), refused.status(), refused.getMessage());
            } else {
                StreamErrors.answer(request.response(), 500, String.valueOf(ar.cause().getMessage()));
            }
        });
    }

    private synchronized Void apply(String id, NetworkSpec wanted) throws NetworkRefused, IOException {
        Optional<ContainerRecord> record = JsonCas.get(records, id, ContainerRecord.class);
        if (record.isEmpty() || table.running(id).isEmpty() || !nodeId.equals(record.get().nodeId())) {
            throw new NetworkRefused(409, "Container " + id + " is not running", null);
        }
        ContainerRecord now = record.get();
        NetworkSpec was = now.spec().network();
        ContainerRecord next = now.withSpec(now.spec().toBuilder().network(wanted).build());
        List<String> left = was.attachments().stream().map(NetworkAttachment::network)
                .filter(n -> !wanted.isOn(n)).toList();
        List<String> joined = wanted.attachments().stream().map(NetworkAttachment::network)
                .filter(n -> !was.isOn(n)).toList();
        for (String network : left) {
            networks.disconnect(id, network, wanted);
        }
        for (String network : joined) {
            SandboxSpec plugged = networks.connect(next, network);
            Map<String, String> etc = new LinkedHashMap<>(plugged.etcFiles());
            etc.remove("/etc/hostname");
            if (!etc.isEmpty()) {
                EtcWriter.write(new ContainerFiles(paths.container(id)).rootfs(), etc);
            }
        }
        if (!wanted.attachments().isEmpty() && !(was.mode().equals("none") && joined.contains(wanted.mode()))) {
            // its DNS server follows its first user-defined network, which may just have gone or come
            EtcWriter.write(new ContainerFiles(paths.container(id)).rootfs(),
                    Map.of("/etc/resolv.conf", networks.resolvConf(wanted)));
        }
        JsonCas.update(records, id, ContainerRecord.class, r -> r.withSpec(r.spec().toBuilder().network(wanted).build()));
        for (String network : left) {
            events.emit(new ContainerNetworkChanged(id, nodeId, network, false), null);
        }
        for (String network : joined) {
            events.emit(new ContainerNetworkChanged(id, nodeId, network, true), null);
        }
        return null;
    }
}
