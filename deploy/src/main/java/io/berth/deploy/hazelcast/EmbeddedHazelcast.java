package io.berth.deploy.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import java.util.List;

/**
 * A Hazelcast member holding Berth's cluster state: alone (bound to loopback by default), or one of the members of
 * several control hosts forming one cluster, every map entry backed up on a second member.
 */
public final class EmbeddedHazelcast {

    /** The member's configuration: loopback, one fixed port (a collision fails loudly), no discovery, quiet. */
    public static Config config(String clusterName, int port) {
        return config(clusterName, "127.0.0.1", port);
    }

    /** As {@link #config(String, int)}, bound to {@code host} so that clients on other hosts can reach it. */
    public static Config config(String clusterName, String host, int port) {
        return config(clusterName, host, port, List.of());
    }

    /**
     * As {@link #config(String, String, int)}, joining the members at {@code others} (HOST:PORT) into one cluster;
     * empty for a member alone.
     */
    public static Config config(String clusterName, String host, int port, List<String> others) {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setInstanceName("berth-" + clusterName + "-" + port);
        HazelcastProperties.quiet(config.getProperties());
        // Nothing reads Hazelcast's own metrics (Berth's are Micrometer's), and collecting them every 5 s was about
        // half of the member threads' idle CPU (deploy/bench/README.md).
        config.getMetricsConfig().setEnabled(false);
        if (others.isEmpty()) {
            // Alone by design: don't wait for other members before the member counts as started.
            config.setProperty("hazelcast.wait.seconds.before.join", "0");
            config.setProperty("hazelcast.max.wait.seconds.before.join", "0");
        } else {
            // Control hosts start together: look for the others a little before forming a cluster alone, and
            // should two clusters form anyway, merge them within seconds rather than Hazelcast's 5 minutes.
            config.setProperty("hazelcast.wait.seconds.before.join", "3");
            config.setProperty("hazelcast.max.wait.seconds.before.join", "10");
            config.setProperty("hazelcast.merge.first.run.delay.seconds", "10");
            config.setProperty("hazelcast.merge.next.run.delay.seconds", "10");
            // A member gone silent (host lost) is dropped after 15 s, and its partitions' backups take over.
            config.setProperty("hazelcast.max.no.heartbeat.seconds", "15");
        }
        // One backup of every entry on another member: losing one member loses no container record or lock.
        config.getMapConfig("default").setBackupCount(1).setAsyncBackupCount(0);
        config.setProperty("hazelcast.socket.bind.any", "false");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface(host);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember(host + ":" + port);
        others.forEach(member -> join.getTcpIpConfig().addMember(member));
        return config;
    }

    /** Starts a member; blocks until it is up. */
    public static HazelcastInstance start(String clusterName, int port) {
        return start(clusterName, "127.0.0.1", port);
    }

    /** Starts a member bound to {@code host}; blocks until it is up. */
    public static HazelcastInstance start(String clusterName, String host, int port) {
        return start(clusterName, host, port, List.of());
    }

    /** Starts a member bound to {@code host} joining {@code others}; blocks until it is up. */
    public static HazelcastInstance start(String clusterName, String host, int port, List<String> others) {
        return Hazelcast.newHazelcastInstance(config(clusterName, host, port, others));
    }

    private EmbeddedHazelcast() {
    }
}
