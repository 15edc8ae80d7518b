package io.berth.deploy.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;

import java.time.Duration;
import java.util.List;

/** Connects to an external Hazelcast cluster as a client (used with --hazelcast-members). */
public final class HazelcastClients {

    public static ClientConfig config(String clusterName, List<String> members, Duration connectTimeout) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a Hazelcast client needs at least one member address");
        }
        ClientConfig config = new ClientConfig();
        config.setClusterName(clusterName);
        HazelcastProperties.quiet(config.getProperties());
        config.getNetworkConfig().setAddresses(List.copyOf(members));
        config.getConnectionStrategyConfig().getConnectionRetryConfig()
                .setClusterConnectTimeoutMillis(connectTimeout.toMillis());
        return config;
    }

    /** Blocks until connected, or fails after the timeout naming the members it tried. */
    public static HazelcastInstance connect(String clusterName, List<String> members, Duration connectTimeout) {
        try {
            return HazelcastClient.newHazelcastClient(config(clusterName, members, connectTimeout));
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot join Hazelcast cluster '" + clusterName + "' at " + members
                    + ": " + e.getMessage(), e);
        }
    }

    private HazelcastClients() {
    }
}
