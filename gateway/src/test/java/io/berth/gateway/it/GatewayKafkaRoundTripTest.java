package io.berth.gateway.it;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.berth.events.testing.TestBroker;
import io.berth.events.Maps;
import io.berth.events.Topics;
import io.berth.gateway.Gateway;
import io.berth.gateway.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Create, run, stop and rm through a real broker, the docker CLI, and a stand-in for scheduler and agent. */
class GatewayKafkaRoundTripTest {
    private static Path dir;
    private static TestBroker kafka;
    private static HazelcastInstance hazelcast;
    private static Vertx vertx;
    private static RegistryFixture registry;
    private static Gateway gateway;
    private static ControlPlaneStandIn peers;
    private static DockerCli docker;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("berth-gw-kafka-");
        kafka = new TestBroker(dir.resolve("kafka"));
        kafka.createTopics(List.of(Topics.CONTAINER_COMMANDS, Topics.CONTAINER_EVENTS), 3);
        hazelcast = LoopbackHazelcast.start("berth-gw-rt-");
        vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        registry = new RegistryFixture();
        int port = registry.start(vertx);
        Path socket = dir.resolve("docker.sock");
        gateway = new Gateway(vertx, new GatewayConfig(kafka.bootstrap(), "http://127.0.0.1:" + port, socket,
                null, 0, "gw-rt"), hazelcast);
        gateway.start().toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
        peers = new ControlPlaneStandIn(kafka.bootstrap(), hazelcast);
        docker = new DockerCli(socket, Files.createDirectories(dir.resolve("docker-config")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (peers != null) {
            peers.close();
        }
        if (gateway != null) {
            gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        if (registry != null) {
            registry.stop();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        if (hazelcast != null) {
            hazelcast.shutdown();
        }
        if (kafka != null) {
            kafka.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void runPsStopRm() throws Exception {
        DockerCli.Result run = docker.run("run", "-d", "--name", "rt1", "busybox", "sleep", "100");
        assertEquals(0, run.exit(), run.err());
        String id = run.out().trim();
        assertTrue(id.matches("[0-9a-f]{64}"), id);
        DockerCli.Result ps = docker.run("ps", "--format", "{{.Names}} {{.Status}} {{.Command}}");
        assertTrue(ps.out().contains("rt1 Up"), ps.out());
        DockerCli.Result inspect = docker.run("inspect", "--format", "{{.Node.ID}} {{.State.Pid}} {{.Config.Env}}", "rt1");
        assertTrue(inspect.out().startsWith("node-t 4321 [PATH="), inspect.out());
        DockerCli.Result start = docker.run("start", "rt1");
        assertEquals(0, start.exit(), start.err());
        DockerCli.Result stop = docker.run("stop", id.substring(0, 12));
        assertEquals(0, stop.exit(), stop.err());
        assertTrue(docker.run("ps", "-a", "--format", "{{.Status}}").out().contains("Exited (143)"));
        DockerCli.Result rm = docker.run("rm", "rt1");
        assertEquals(0, rm.exit(), rm.err());
        assertNull(hazelcast.getMap(Maps.NAMES).get("rt1"));
        assertNull(hazelcast.getMap(Maps.CONTAINERS).get(id));
    }

    @Test
    void nameConflictAndUnschedulable() throws Exception {
        DockerCli.Result first = docker.run("create", "--name", "dup", "busybox");
        assertEquals(0, first.exit(), first.err());
        DockerCli.Result second = docker.run("create", "--name", "dup", "busybox");
        assertTrue(second.err().contains("Conflict. The container name \"/dup\" is already in use by container \""
                + first.out().trim() + "\""), second.err());
        int before = hazelcast.getMap(Maps.CONTAINERS).size();
        DockerCli.Result big = docker.run("create", "--name", "big", "--label", "unschedulable=1", "busybox");
        assertEquals(1, big.exit());
        assertTrue(big.err().contains("no node has 64 GiB free"), big.err());
        assertNull(hazelcast.getMap(Maps.NAMES).get("big"));
        assertEquals(before, hazelcast.getMap(Maps.CONTAINERS).size());
    }
}
