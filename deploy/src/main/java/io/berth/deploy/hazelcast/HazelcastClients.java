package io.berth.deploy.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Connects to an external Hazelcast cluster as a client (used with --hazelcast-members). Once connected it
 * never gives up: an agent cut off from the cluster for any length of time reconnects by itself.
 */
public final class HazelcastClients {

    /**
     * The client's settings: it starts in the background and retries for ever (Hazelcast's cluster connect
     * timeout covers reconnects too, so a finite one would shut the client down for good after an outage).
     */
    public static ClientConfig config(String clusterName, List<String> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a Hazelcast client needs at least one member address");
        }
        ClientConfig config = new ClientConfig();
        config.setClusterName(clusterName);
        HazelcastProperties.quiet(config.getProperties());
        // Nothing reads them: without this the client collects its metrics and sends them to the member every 5 s.
        config.getMetricsConfig().setEnabled(false);
        config.getNetworkConfig().setAddresses(List.copyOf(members));
        config.getConnectionStrategyConfig().setAsyncStart(true);
        config.getConnectionStrategyConfig().getConnectionRetryConfig()
                .setClusterConnectTimeoutMillis(-1)
                .setMaxBackoffMillis(5_000);
        return config;
    }

    /** Blocks until connected, or fails after {@code connectTimeout} naming the members it tried. */
    public static HazelcastInstance connect(String clusterName, List<String> members, Duration connectTimeout) {
        ClientConfig config = config(clusterName, members);
        CountDownLatch connected = new CountDownLatch(1);
        config.addListenerConfig(new com.hazelcast.config.ListenerConfig(
                (com.hazelcast.core.LifecycleListener) e -> {
                    if (e.getState() == LifecycleEvent.LifecycleState.CLIENT_CONNECTED) {
                        connected.countDown();
                    }
                }));
        HazelcastInstance client;
        try {
            client = HazelcastClient.newHazelcastClient(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot join Hazelcast cluster '" + clusterName + "' at " + members
                    + ": " + e.getMessage(), e);
        }
        try {
            if (connected.await(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return client;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.shutdown();
        throw new IllegalStateException("cannot join Hazelcast cluster '" + clusterName + "' at " + members
                + ": no member answered within " + connectTimeout.toSeconds() + " s");
    }

    private HazelcastClients() {
    }
}
