package io.berth.scheduler.kafka;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import io.berth.scheduler.Scheduler;
import io.berth.scheduler.SchedulerConfig;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler in a JVM of its own, for tests that kill it with SIGKILL: joins the test's Hazelcast member as a
 * client and the test's broker, prints {@code ready} once its consumers hold partitions, then runs until killed.
 * Arguments: kafka bootstrap, Hazelcast cluster name, member address, instance id.
 */
public final class SchedulerProcess {
    public static void main(String[] args) throws Exception {
        ClientConfig client = new ClientConfig();
        client.setClusterName(args[1]);
        client.setProperty("hazelcast.phone.home.enabled", "false");
        client.getNetworkConfig().addAddress(args[2]);
        HazelcastInstance hazelcast = HazelcastClient.newHazelcastClient(client);
        Scheduler scheduler = new Scheduler(Vertx.vertx(), new SchedulerConfig(args[0], args[3], 10_000), hazelcast);
        scheduler.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        if (!scheduler.awaitReady(Duration.ofSeconds(60))) {
            System.err.println("consumers never got their partitions");
            System.exit(1);
        }
        System.out.println("ready");
        System.out.flush();
        Thread.currentThread().join();
    }

    private SchedulerProcess() {
    }
}
