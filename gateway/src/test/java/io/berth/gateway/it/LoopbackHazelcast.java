package io.berth.gateway.it;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import java.util.UUID;

/** A real Hazelcast member for a gateway test: on 127.0.0.1 only, quiet, in a cluster of its own name. */
final class LoopbackHazelcast {
    private LoopbackHazelcast() {
    }

    /** Starts a member of a fresh cluster named {@code clusterPrefix} and a random suffix. */
    static HazelcastInstance start(String clusterPrefix) {
        Config config = new Config().setClusterName(clusterPrefix + UUID.randomUUID());
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        JoinConfig join = config.getNetworkConfig().setPortAutoIncrement(true).getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        return Hazelcast.newHazelcastInstance(config);
    }

}
