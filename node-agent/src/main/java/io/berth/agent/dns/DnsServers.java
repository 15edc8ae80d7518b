package io.berth.agent.dns;

import io.berth.agent.net.NetworkBridge;
import io.berth.agent.net.NodeBridge;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/** One {@link NetworkDns} per user-defined network bridge on this node, started and stopped with the bridge. */
public final class DnsServers implements NodeBridge.NetworkListener, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DnsServers.class.getName());
    private static final int PORT = 53;

    private final EndpointNames names;
    private final Supplier<List<InetSocketAddress>> upstreams;
    private final ExecutorService forwards;
    private final Map<String, NetworkDns> servers = new ConcurrentHashMap<>();

    public DnsServers(EndpointNames names, Supplier<List<InetSocketAddress>> upstreams, ExecutorService forwards) {
        this.names = names;
        this.upstreams = upstreams;
        this.forwards = forwards;
    }

    @Override
    public void up(NetworkBridge bridge) {
        if (servers.containsKey(bridge.device())) {
            return;
        }
        try {
            servers.put(bridge.device(), new NetworkDns(bridge.network(), bridge.subnet(), bridge.gateway(), PORT, names,
                    upstreams, forwards));
        } catch (IOException e) {
            // containers on the network still run; they resolve nothing by name, which the log says
            LOG.log(System.Logger.Level.ERROR, "cannot serve DNS for network " + bridge.network() + " on "
                    + bridge.gateway() + ":" + PORT + ": " + e.getMessage());
        }
    }

    @Override
    public void down(NetworkBridge bridge) {
        NetworkDns server = servers.remove(bridge.device());
        if (server != null) {
            server.close();
        }
    }

    @Override
    public void close() {
        servers.values().forEach(NetworkDns::close);
        servers.clear();
    }
}
