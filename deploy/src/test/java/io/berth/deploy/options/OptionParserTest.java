package io.berth.deploy.options;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionParserTest {
    private static LaunchOptions parse(Map<String, String> env, String... args) {
        return new OptionParser(env, () -> "host-a").parse(args);
    }

    @Test
    void defaultsRunEverythingEmbedded() {
        LaunchOptions o = parse(Map.of());
        assertEquals(Path.of("/var/lib/berth"), o.dataRoot());
        assertEquals(Path.of("/run/berth.sock"), o.socket());
        assertNull(o.tcp());
        assertEquals("host-a", o.nodeId());
        assertTrue(o.embeddedKafka());
        assertTrue(o.embeddedHazelcast());
        assertEquals("127.0.0.1:19092", o.effectiveKafkaBootstrap());
        assertEquals(19093, o.kafkaControllerPort());
        assertEquals(5701, o.hazelcastPort());
        assertEquals(5000, o.registryPort());
        assertEquals("berth", o.clusterName());
        assertEquals(Path.of("/var/lib/berth/nodes/host-a"), o.nodeDir());
    }

    @Test
    void flagsWinOverEnvironment() {
        LaunchOptions o = parse(Map.of("BERTH_DATA_ROOT", "/srv/env", "BERTH_KAFKA_PORT", "29092",
                        "BERTH_NODE_ID", "from-env"),
                "--data-root", "/srv/flag", "--tcp=127.0.0.1:2375", "--socket", "");
        assertEquals(Path.of("/srv/flag"), o.dataRoot());
        assertEquals(29092, o.kafkaPort());
        assertEquals("from-env", o.nodeId());
        assertNull(o.socket());
        assertEquals(new HostPort("127.0.0.1", 2375), o.tcp());
    }

    @Test
    void externalClustersTurnEmbeddedPartsOff() {
        LaunchOptions o = parse(Map.of(), "--kafka-bootstrap", "k1:9092,k2:9092", "--hazelcast-members", "a:5701, b");
        assertFalse(o.embeddedKafka());
        assertEquals("k1:9092,k2:9092", o.effectiveKafkaBootstrap());
        assertEquals(List.of("a:5701", "b"), o.hazelcastMembers());
        assertFalse(o.embeddedHazelcast());
    }

    @Test
    void badFlagsAreNamedInTheMessage() {
        assertTrue(assertThrows(BadOptionException.class, () -> parse(Map.of(), "--nope", "1"))
                .getMessage().contains("--nope"));
        assertTrue(assertThrows(BadOptionException.class, () -> parse(Map.of(), "--kafka-port", "99999"))
                .getMessage().contains("99999"));
        assertTrue(assertThrows(BadOptionException.class, () -> parse(Map.of(), "--tcp", "nohost"))
                .getMessage().contains("nohost"));
        assertThrows(BadOptionException.class, () -> parse(Map.of(), "--data-root"));
        assertThrows(BadOptionException.class, () -> parse(Map.of(), "stray"));
        assertThrows(BadOptionException.class, () -> parse(Map.of(), "--node-id", "../etc"));
        assertThrows(BadOptionException.class, () -> parse(Map.of(), "--node-id", "a", "--node-id", "b"));
        assertThrows(BadOptionException.class, () -> parse(Map.of("BERTH_HAZELCAST_PORT", "x")));
    }

    @Test
    void clusterFlagsHaveDefaultsAndAreChecked() {
        LaunchOptions d = parse(Map.of());
        assertEquals("127.0.0.1", d.advertiseAddress());
        assertEquals(10_000, d.nodeGraceMillis());
        assertEquals("berth", d.cgroupParent());
        assertEquals("127.0.0.1:19092", d.effectiveKafkaBootstrap());
        LaunchOptions o = parse(Map.of("BERTH_NODE_GRACE", "2m"), "--advertise-address", "10.0.0.1",
                "--cgroup-parent", "berth-n1");
        assertEquals("10.0.0.1:19092", o.effectiveKafkaBootstrap(), "the embedded broker is reached at the address");
        assertEquals(120_000, o.nodeGraceMillis());
        assertEquals("berth-n1", o.cgroupParent());
        assertEquals(500 * 4, parse(Map.of(), "--node-grace", "2000ms").nodeGraceMillis());
        assertEquals(7_000, parse(Map.of(), "--node-grace", "7").nodeGraceMillis(), "a bare number is seconds");
        assertEquals(3, d.commandPartitions());
        assertEquals(12, parse(Map.of(), "--command-partitions", "12").commandPartitions());
        assertEquals(6, parse(Map.of("BERTH_COMMAND_PARTITIONS", "6")).commandPartitions());
        for (String bad : new String[] {"0", "many", "1001"}) {
            assertTrue(assertThrows(BadOptionException.class, () -> parse(Map.of(), "--command-partitions", bad))
                    .getMessage().contains("--command-partitions: expected a whole number from 1 to 1000"), bad);
        }
        assertTrue(assertThrows(BadOptionException.class, () -> parse(Map.of(), "--node-grace", "soon"))
                .getMessage().contains("--node-grace"));
        assertTrue(assertThrows(BadOptionException.class, () -> parse(Map.of(), "--node-grace", "100ms"))
                .getMessage().contains("at least 1s"));
        assertTrue(assertThrows(BadOptionException.class, () -> parse(Map.of(), "--cgroup-parent", "../x"))
                .getMessage().contains("--cgroup-parent"));
    }

    @Test
    void nodeLabelsRepeatAndTheStrategyIsChecked() {
        LaunchOptions o = parse(Map.of(), "--node-label", "disk=ssd", "--node-label=zone=eu-1");
        assertEquals(Map.of("disk", "ssd", "zone", "eu-1"), o.nodeLabels());
        assertEquals(io.berth.scheduler.placement.Strategy.SPREAD, o.strategy());
        assertEquals(Map.of("a", "1", "b", ""), parse(Map.of("BERTH_NODE_LABEL", "a=1,b=")).nodeLabels());
        assertEquals(io.berth.scheduler.placement.Strategy.BINPACK, parse(Map.of(), "--strategy", "binpack").strategy());
        assertEquals("--node-label: expected KEY=VALUE with KEY of [A-Za-z0-9_.-], got 'ssd'",
                assertThrows(BadOptionException.class, () -> parse(Map.of(), "--node-label", "ssd")).getMessage());
        assertEquals("--node-label: disk given twice", assertThrows(BadOptionException.class,
                () -> parse(Map.of(), "--node-label", "disk=a", "--node-label", "disk=b")).getMessage());
        assertEquals("--strategy: unknown strategy 'random': expected spread or binpack",
                assertThrows(BadOptionException.class, () -> parse(Map.of(), "--strategy", "random")).getMessage());
    }

    @Test
    void theApiMustListenSomewhere() {
        assertThrows(BadOptionException.class, () -> parse(Map.of(), "--socket", ""));
    }

    @Test
    void helpIsRecognisedAndListsEveryFlag() {
        assertTrue(OptionParser.wantsHelp(new String[] {"--data-root", "/x", "--help"}));
        String usage = OptionParser.usage();
        Flag.ALL.forEach(f -> assertTrue(usage.contains(f.option()), f.option()));
    }

    @Test
    void oneHostAloneNeedsNoQuorumFlags() {
        LaunchOptions o = parse(Map.of());
        assertEquals(KafkaQuorum.ALONE, o.kafkaQuorum());
        assertTrue(o.kafkaQuorum().alone());
        assertEquals(1, o.kafkaQuorum().replicationFactor());
        assertEquals(List.of(), o.hazelcastJoin());
    }

    @Test
    void threeControlHostsFormOneQuorumAndOneCluster() {
        LaunchOptions o = parse(Map.of("BERTH_KAFKA_VOTERS", "1@10.0.0.1:19093,2@10.0.0.2:19093,3@10.0.0.3:19093",
                        "BERTH_HAZELCAST_JOIN", "10.0.0.1:5701, 10.0.0.3:5701"),
                "--role", "control", "--kafka-node-id", "2", "--advertise-address", "10.0.0.2");
        assertEquals(2, o.kafkaQuorum().nodeId());
        assertEquals(new KafkaQuorum.Voter(2, "10.0.0.2", 19093), o.kafkaQuorum().self());
        assertEquals(3, o.kafkaQuorum().replicationFactor());
        assertEquals(2, o.kafkaQuorum().minInsyncReplicas());
        assertEquals(List.of("10.0.0.1:5701", "10.0.0.3:5701"), o.hazelcastJoin());
    }

    @Test
    void quorumMistakesAreNamed() {
        String voters = "1@a:19093,2@b:19093,3@c:19093";
        assertTrue(assertThrows(BadOptionException.class, () -> parse(Map.of(), "--kafka-voters", voters,
                "--kafka-node-id", "4")).getMessage().contains("--kafka-node-id 4 is not among"));
        assertTrue(assertThrows(BadOptionException.class, () -> parse(Map.of(), "--kafka-voters", "1@a")).getMessage()
                .contains("ID@HOST:PORT"));
        assertTrue(assertThrows(BadOptionException.class, () -> parse(Map.of(), "--kafka-voters", voters,
                "--kafka-controller-port", "29093")).getMessage().contains("--kafka-controller-port is 29093"));
        assertTrue(assertThrows(BadOptionException.class, () -> parse(Map.of(), "--kafka-voters", "1@a:1,1@b:2"))
                .getMessage().contains("given twice"));
        assertTrue(assertThrows(BadOptionException.class, () -> parse(Map.of(), "--kafka-node-id", "2"))
                .getMessage().contains("needs --kafka-voters"));
        assertTrue(assertThrows(BadOptionException.class, () -> parse(Map.of(), "--hazelcast-join", "a:5701",
                "--hazelcast-members", "b:5701")).getMessage().contains("--hazelcast-join is for an embedded"));
    }

    @Test
    void theClusterIdFollowsFromTheClusterName() {
        assertEquals(KafkaQuorum.clusterId("prod"), KafkaQuorum.clusterId("prod"));
        assertFalse(KafkaQuorum.clusterId("prod").equals(KafkaQuorum.clusterId("staging")));
        assertEquals(22, KafkaQuorum.clusterId("prod").length());
    }

    @Test
    void tcpBeyondLoopbackNeedsMutualTls() {
        assertNull(parse(Map.of(), "--tcp", "127.0.0.1:2375").tls());
        assertNull(parse(Map.of(), "--tcp", "localhost:2375").tls());
        String refused = assertThrows(BadOptionException.class, () -> parse(Map.of(), "--tcp", "0.0.0.0:2375"))
                .getMessage();
        assertTrue(refused.contains("not a loopback address") && refused.contains("--tlsverify"), refused);
        LaunchOptions tls = parse(Map.of(), "--tcp", "0.0.0.0:2376", "--tlsverify", "--tlscacert", "/t/ca.pem",
                "--tlscert", "/t/server-cert.pem", "--tlskey", "/t/server-key.pem");
        assertEquals(Path.of("/t/ca.pem"), tls.tls().ca());
        assertEquals(Path.of("/t/server-key.pem"), tls.tls().key());
        // the switch also reads true from the environment, as the systemd files set it
        assertEquals(Path.of("/t/server-cert.pem"), parse(Map.of("BERTH_TLSVERIFY", "true",
                "BERTH_TLSCACERT", "/t/ca.pem", "BERTH_TLSCERT", "/t/server-cert.pem", "BERTH_TLSKEY",
                "/t/server-key.pem", "BERTH_TCP", "10.0.0.1:2376")).tls().cert());
        LaunchOptions insecure = parse(Map.of(), "--tcp", "0.0.0.0:2375", "--insecure-tcp");
        assertNull(insecure.tls());
        assertTrue(insecure.insecureTcp());
    }

    @Test
    void userNamespacesAreOnUnlessNoUsernsIsGiven() {
        assertTrue(parse(Map.of()).userNamespaces());
        assertFalse(parse(Map.of(), "--no-userns").userNamespaces());
        assertFalse(parse(Map.of("BERTH_NO_USERNS", "true")).userNamespaces());
    }

    @Test
    void tlsMistakesAreNamed() {
        assertTrue(assertThrows(BadOptionException.class, () -> parse(Map.of(), "--tcp", "0.0.0.0:2376",
                "--tlsverify", "--tlscacert", "/t/ca.pem")).getMessage().contains("--tlscert"));
        assertTrue(assertThrows(BadOptionException.class, () -> parse(Map.of(), "--tlsverify", "--tlscacert", "a",
                "--tlscert", "b", "--tlskey", "c")).getMessage().contains("no --tcp"));
        assertTrue(assertThrows(BadOptionException.class, () -> parse(Map.of(), "--tcp", "127.0.0.1:1",
                "--tlskey", "k")).getMessage().contains("need --tlsverify"));
        assertTrue(assertThrows(BadOptionException.class, () -> parse(Map.of(), "--tcp", "0.0.0.0:1",
                "--tlsverify", "--insecure-tcp")).getMessage().contains("contradict"));
        assertTrue(assertThrows(BadOptionException.class, () -> parse(Map.of(), "--tlsverify=maybe"))
                .getMessage().contains("--tlsverify"));
        assertTrue(assertThrows(BadOptionException.class, () -> parse(Map.of(), "--group", "no-such-group-here"))
                .getMessage().contains("no such group"));
    }
}
