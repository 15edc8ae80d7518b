package io.berth.scheduler.kafka;

import io.berth.events.Json;
import io.berth.events.state.NodeRecord;
import io.berth.scheduler.Scheduler;
import io.berth.scheduler.SchedulerConfig;
import io.berth.scheduler.reservation.Reservation;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.berth.scheduler.kafka.BurstCluster.GIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two schedulers in one consumer group, each with its own share of the command partitions, place a burst of
 * creates onto the same few nodes at once: their reservations race on the node records, and no node may end
 * up holding more than it has. Every create gets exactly one answer.
 */
class TwoSchedulersTest {
    private static final int CREATES = 300;
    private static final int NODES = 3;
    // 3 nodes x 8 GiB at 1 GiB each: room for 24 of the 300
    private static final long NODE_GIB = 8;

    @TempDir
    Path dir;

    @Test
    void aBurstOntoTooFewNodesNeverOverCommitsAndAnswersEveryCreateOnce() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (BurstCluster cluster = new BurstCluster(dir)) {
            for (int n = 1; n <= NODES; n++) {
                cluster.node("n" + n, 0, NODE_GIB);
            }
            Scheduler a = new Scheduler(vertx, new SchedulerConfig(cluster.broker.bootstrap(), "a", 10_000), cluster.hazelcast);
            Scheduler b = new Scheduler(vertx, new SchedulerConfig(cluster.broker.bootstrap(), "b", 10_000), cluster.hazelcast);
            try {
                a.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
                b.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
                cluster.awaitCommandGroup(2, Duration.ofSeconds(90));

                List<String> ids = cluster.burst(CREATES, 1);
                cluster.readUntil(() -> cluster.allAnswered(ids), Duration.ofMinutes(5), "every create answered");
                cluster.readUntil(() -> cluster.forwardedTo.keySet().containsAll(cluster.scheduled.keySet()),
                        Duration.ofMinutes(1), "every scheduled create forwarded");

                for (String id : ids) {
                    int answers = cluster.scheduled.getOrDefault(id, List.of()).size()
                            + cluster.unschedulable.getOrDefault(id, 0);
                    assertEquals(1, answers, "answers to " + id);
                }
                Map<String, Integer> reservedPerNode = new HashMap<>();
                Map<String, String> reservations = cluster.hazelcast.getMap(Reservation.MAP);
                reservations.values().forEach(json ->
                        reservedPerNode.merge(Json.read(json, Reservation.class).nodeId(), 1, Integer::sum));
                int placed = 0;
                for (int n = 1; n <= NODES; n++) {
                    NodeRecord node = cluster.nodeRecord("n" + n);
                    assertTrue(node.allocated().memoryBytes() <= node.capacity().memoryBytes(),
                            "over-committed: " + node);
                    assertEquals(reservedPerNode.getOrDefault(node.id(), 0), node.allocated().containers(),
                            "allocation and reservations agree on " + node.id());
                    placed += node.allocated().containers();
                }
                assertEquals(cluster.scheduled.size(), placed, "every scheduled create holds one reservation");
                assertTrue(placed > 0 && placed <= NODES * NODE_GIB, "placed " + placed);
                cluster.scheduled.forEach((id, nodes) ->
                        assertEquals(Set.of(nodes.get(0)), cluster.forwardedTo.get(id), "forwards of " + id));
            } finally {
                a.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
                b.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
