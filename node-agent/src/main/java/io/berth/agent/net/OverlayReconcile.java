package io.berth.agent.net;

import io.berth.events.Json;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.EndpointRecord;
import io.berth.events.state.NetworkRecord;
import io.berth.events.state.NodeRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the VXLAN devices of this node's networks in step with the cluster (every 500 ms, as
 * {@link NetworkReconcile} does for bridges): reads the endpoints, the records of their containers and the nodes
 * once per pass, asks {@link OverlayEntries#desired} what each device should hold and lets {@link Overlay} issue
 * the difference. A container that starts or goes elsewhere, and a node the scheduler marks down, show up in the
 * next pass. Now and then the VNIs of removed networks are given back.
 */
public final class OverlayReconcile implements Runnable {
    private static final System.Logger LOG = System.getLogger(OverlayReconcile.class.getName());
    private static final int PASSES_PER_SWEEP = 20;

    private final String nodeId;
    private final NodeBridge bridge;
    private final Overlay overlay;
    private final Map<String, String> endpoints;
    private final Map<String, String> records;
    private final Map<String, String> nodes;
    private final Map<String, String> networks;
    private final NetworkVnis vnis;
    private int passes;

    public OverlayReconcile(String nodeId, NodeBridge bridge, Overlay overlay, Map<String, String> endpoints,
                            Map<String, String> records, Map<String, String> nodes, Map<String, String> networks,
                            NetworkVnis vnis) {
        this.nodeId = nodeId;
        this.bridge = bridge;
        this.overlay = overlay;
        this.endpoints = endpoints;
        this.records = records;
        this.nodes = nodes;
        this.networks = networks;
        this.vnis = vnis;
    }

    @Override
    public void run() {
        try {
            if (++passes % PASSES_PER_SWEEP == 0) {
                Set<String> live = new HashSet<>();
                networks.values().forEach(j -> live.add(Json.read(j, NetworkRecord.class).id()));
                vnis.releaseUnless(live::contains);
            }
            List<NetworkBridge> carried = bridge.networks();
            if (carried.isEmpty() || !overlay.carries()) {
                return;
            }
            Set<String> names = new HashSet<>();
            carried.forEach(b -> names.add(b.network()));
            List<EndpointRecord> eps = new ArrayList<>();
            for (String json : endpoints.values()) {
                EndpointRecord ep = Json.read(json, EndpointRecord.class);
                if (names.contains(ep.network()) && !nodeId.equals(ep.nodeId())) {
                    eps.add(ep);
                }
            }
            Map<String, ContainerRecord> byId = new HashMap<>();
            for (EndpointRecord ep : eps) {
                String json = records.get(ep.containerId());
                if (json != null) {
                    byId.put(ep.containerId(), Json.read(json, ContainerRecord.class));
                }
            }
            Map<String, NodeRecord> nodeRecords = new HashMap<>();
            if (!eps.isEmpty()) {
                nodes.forEach((id, json) -> nodeRecords.put(id, Json.read(json, NodeRecord.class)));
            }
            for (NetworkBridge b : carried) {
                overlay.program(b, OverlayEntries.desired(nodeId, b.network(), b.gateway().toString(), eps, byId,
                        nodeRecords));
            }
        } catch (RuntimeException e) {
            // a failed pass must not end the schedule (a thrown task never runs again)
            LOG.log(System.Logger.Level.WARNING, "overlay reconcile failed: " + e);
        }
    }
}
