package io.berth.scheduler.kafka;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;

import java.util.UUID;

/** Config for a single-member Hazelcast on 127.0.0.1 that joins nothing: a fresh cluster name and no discovery. */
final class LoneHazelcast {
    private LoneHazelcast() {
    }

    static Config config(String clusterPrefix, int port) {
        Config config = new Config();
        config.setClusterName(clusterPrefix + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.getNetworkConfig().setPort(port).setPortAutoIncrement(true).setPortCount(100);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(false);
        return config;
    }
}
