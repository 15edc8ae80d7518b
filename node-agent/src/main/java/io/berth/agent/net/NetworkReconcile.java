package io.berth.agent.net;

import io.berth.events.Json;
import io.berth.events.state.NetworkRecord;

import java.util.Map;

/**
 * Keeps this node's network bridges in step with the cluster's {@code networks} records: a bridge whose network
 * was removed (or removed and made again under the same name) is taken down with its rules and DNS server.
 * {@link #adopt} runs once at start: bridges a previous agent left for running containers are taken back.
 */
public final class NetworkReconcile implements Runnable {
    private static final System.Logger LOG = System.getLogger(NetworkReconcile.class.getName());

    private final NodeBridge bridge;
    private final Map<String, String> networks;

    public NetworkReconcile(NodeBridge bridge, Map<String, String> networks) {
        this.bridge = bridge;
        this.networks = networks;
    }

    @Override
    public void run() {
        try {
            for (NetworkBridge b : bridge.networks()) {
                String json = networks.get(b.network());
                if (json == null || !Json.read(json, NetworkRecord.class).id().equals(b.id())) {
                    LOG.log(System.Logger.Level.INFO, "network " + b.network() + " is gone: removing bridge " + b.device());
                    bridge.removeNetwork(b.network());
                }
            }
        } catch (RuntimeException e) {
            // a failed pass must not end the schedule (a thrown task never runs again)
            LOG.log(System.Logger.Level.WARNING, "network reconcile failed: " + e);
        }
    }

    /** Takes back the bridges of networks that still exist and whose device a previous agent left here. */
    public void adopt() {
        for (String json : networks.values()) {
            NetworkRecord n = Json.read(json, NetworkRecord.class);
            if (bridge.deviceExists(n)) {
                try {
                    bridge.ensureNetwork(n);
                } catch (NetFailure e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot take back network " + n.name() + ": " + e.getMessage());
                }
            }
        }
    }
}
