package io.berth.deploy.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/** A Hazelcast member bound to loopback only, joining nobody but itself: the all-in-one's cluster state. */
public final class EmbeddedHazelcast {

    /** The member's configuration: loopback, one fixed port (a collision fails loudly), no discovery, quiet. */
    public static Config config(String clusterName, int port) {
        return config(clusterName, "127.0.0.1", port);
    }

    /** As {@link #config(String, int)}, bound to {@code host} so that clients on other hosts can reach it. */
    public static Config config(String clusterName, String host, int port) {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setInstanceName("berth-" + clusterName + "-" + port);
        HazelcastProperties.quiet(config.getProperties());
        // Alone by design: don't wait for other members before the member counts as started.
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.max.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.socket.bind.any", "false");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface(host);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember(host + ":" + port);
        return config;
    }

    /** Starts a member; blocks until it is up. */
    public static HazelcastInstance start(String clusterName, int port) {
        return start(clusterName, "127.0.0.1", port);
    }

    /** Starts a member bound to {@code host}; blocks until it is up. */
    public static HazelcastInstance start(String clusterName, String host, int port) {
        return Hazelcast.newHazelcastInstance(config(clusterName, host, port));
    }

    private EmbeddedHazelcast() {
    }
}
