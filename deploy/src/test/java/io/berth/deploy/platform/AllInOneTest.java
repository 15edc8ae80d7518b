package io.berth.deploy.platform;

import io.berth.deploy.options.LaunchOptions;
import io.berth.deploy.options.OptionParser;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AllInOneTest {
    private static List<String> stageNames(String... args) {
        LaunchOptions options = new OptionParser(Map.of(), () -> "n1").parse(args);
        return new AllInOne(options).stages().stream().map(Stage::name).toList();
    }

    @Test
    void embeddedPlatformStartsKafkaBeforeTopicsAndHazelcastBeforeServices() {
        assertEquals(List.of("lock /d/berth.lock", "lock /d/nodes/n1/agent.lock", "kafka 127.0.0.1:19092", "topics", "hazelcast member 127.0.0.1:5701",
                "metrics", "vertx", "image-store", "scheduler", "node-agent n1", "gateway"), stageNames("--data-root", "/d"));
    }

    @Test
    void externalClustersReplaceTheEmbeddedOnes() {
        assertEquals(List.of("lock /d/berth.lock", "lock /d/nodes/n1/agent.lock", "topics",
                        "hazelcast client [h1:5701]", "metrics", "vertx", "image-store",
                        "scheduler", "node-agent n1", "gateway"),
                stageNames("--data-root", "/d", "--kafka-bootstrap", "k1:9092", "--hazelcast-members", "h1:5701"));
    }

    @Test
    void theControlPlaneRunsNoAgent() {
        assertEquals(List.of("lock /d/berth.lock", "kafka 127.0.0.1:19092", "topics", "hazelcast member 127.0.0.1:5701",
                "metrics", "vertx", "image-store", "scheduler", "gateway"), stageNames("--data-root", "/d", "--role", "control"));
    }

    @Test
    void anAgentRunsOnlyANodeAgentAsAClusterClient() {
        String[] args = {"--role", "agent", "--data-root", "/d", "--kafka-bootstrap", "k1:9092",
                "--hazelcast-members", "h1:5701", "--registry-url", "http://r:5000", "--agent-port", "7000"};
        assertEquals(List.of("lock /d/nodes/n1/agent.lock", "hazelcast client [h1:5701]", "metrics", "vertx", "node-agent n1"),
                stageNames(args));
        AllInOne agent = new AllInOne(new OptionParser(Map.of(), () -> "n1").parse(args));
        assertEquals("http://r:5000", agent.registryUrl());
        assertEquals("berth: ready as node agent n1 (stream endpoint 127.0.0.1:7000)", agent.readyLine());
    }

    @Test
    void theCoreRunsEverythingButTheGateway() {
        String[] args = {"--role", "core", "--data-root", "/d", "--socket", ""};
        assertEquals(List.of("lock /d/berth.lock", "lock /d/nodes/n1/agent.lock", "kafka 127.0.0.1:19092", "topics",
                "hazelcast member 127.0.0.1:5701", "metrics", "vertx", "image-store", "scheduler", "node-agent n1"),
                stageNames(args));
        assertEquals("berth: ready as core of node n1 (no Docker API: run --role gateway)",
                new AllInOne(new OptionParser(Map.of(), () -> "n1").parse(args)).readyLine());
    }

    @Test
    void aBrokerAloneRunsKafkaAndTopicsAndAMemberAloneOnlyHazelcast() {
        String[] broker = {"--role", "broker", "--data-root", "/d", "--kafka-node-id", "2",
                "--kafka-voters", "1@127.0.0.1:19093,2@127.0.0.1:19095,3@127.0.0.1:19097",
                "--kafka-port", "19094", "--kafka-controller-port", "19095"};
        assertEquals(List.of("lock /d/berth.lock", "kafka 127.0.0.1:19094", "topics"), stageNames(broker));
        assertEquals("berth: ready as kafka broker 2 on 127.0.0.1:19094",
                new AllInOne(new OptionParser(Map.of(), () -> "n1").parse(broker)).readyLine());
        String[] member = {"--role", "member", "--data-root", "/d", "--hazelcast-port", "5702",
                "--hazelcast-join", "127.0.0.1:5701"};
        assertEquals(List.of("lock /d/berth.lock", "hazelcast member 127.0.0.1:5702"), stageNames(member));
        assertEquals("berth: ready as hazelcast member 127.0.0.1:5702",
                new AllInOne(new OptionParser(Map.of(), () -> "n1").parse(member)).readyLine());
    }

    @Test
    void anImageStoreAloneAndAControlPlaneUsingIt() {
        String[] registry = {"--role", "registry", "--data-root", "/r", "--registry-port", "5001"};
        assertEquals(List.of("lock /r/berth.lock", "metrics", "vertx", "image-store"), stageNames(registry));
        String[] control = {"--role", "control", "--data-root", "/d", "--registry-url", "http://127.0.0.1:5001"};
        assertEquals(List.of("lock /d/berth.lock", "kafka 127.0.0.1:19092", "topics",
                "hazelcast member 127.0.0.1:5701", "metrics", "vertx", "scheduler", "gateway"), stageNames(control));
        assertEquals("http://127.0.0.1:5001",
                new AllInOne(new OptionParser(Map.of(), () -> "n1").parse(control)).registryUrl());
    }

    @Test
    void aGatewayRunsOnlyTheApiAsAClusterClient() {
        String[] args = {"--role", "gateway", "--data-root", "/d", "--kafka-bootstrap", "k1:9092",
                "--hazelcast-members", "h1:5701", "--registry-url", "http://r:5000", "--socket", "/run/g.sock"};
        assertEquals(List.of("lock /d/gateway.lock", "hazelcast client [h1:5701]", "metrics", "vertx", "gateway"),
                stageNames(args));
        AllInOne gateway = new AllInOne(new OptionParser(Map.of(), () -> "n1").parse(args));
        assertEquals("http://r:5000", gateway.registryUrl());
        assertEquals("berth: ready on unix:///run/g.sock", gateway.readyLine());
    }

    @Test
    void readyLineNamesEveryApiAddress() {
        LaunchOptions options = new OptionParser(Map.of(), () -> "n1")
                .parse(new String[] {"--socket", "/run/b.sock", "--tcp", "127.0.0.1:2375"});
        assertEquals("unix:///run/b.sock and tcp://127.0.0.1:2375", new AllInOne(options).apiAddresses());
    }
}
