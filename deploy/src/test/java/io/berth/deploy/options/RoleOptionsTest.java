package io.berth.deploy.options;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoleOptionsTest {
    private static final String[] AGENT = {"--role", "agent", "--data-root", "/a", "--node-id", "n1",
            "--kafka-bootstrap", "k:9092", "--hazelcast-members", "h:5701", "--registry-url", "http://r:5000/"};

    private static LaunchOptions parse(Map<String, String> env, String... args) {
        return new OptionParser(env, () -> "host-a").parse(args);
    }

    @Test
    void allIsTheDefaultAndLocksTheDataRoot() {
        LaunchOptions o = parse(Map.of(), "--data-root", "/d");
        assertEquals(Role.ALL, o.role());
        assertNull(o.registryUrl());
        assertEquals(Path.of("/d/berth.lock"), o.lockFile());
    }

    @Test
    void anAgentLocksOnlyItsNodeDirectory() {
        LaunchOptions o = parse(Map.of(), AGENT);
        assertEquals(Role.AGENT, o.role());
        assertEquals("http://r:5000", o.registryUrl());
        assertEquals(Path.of("/a/nodes/n1/agent.lock"), o.lockFile());
    }

    @Test
    void anAgentNeedsNoSocket() {
        String[] args = java.util.Arrays.copyOf(AGENT, AGENT.length + 2);
        args[AGENT.length] = "--socket";
        args[AGENT.length + 1] = "";
        assertNull(parse(Map.of(), args).socket());
    }

    @Test
    void roleComesFromTheEnvironmentToo() {
        assertEquals(Role.CONTROL, parse(Map.of("BERTH_ROLE", "control")).role());
    }

    @Test
    void anAgentMustBeToldWhereTheClusterIs() {
        for (String missing : new String[] {"kafka-bootstrap", "hazelcast-members", "registry-url"}) {
            String[] args = without(AGENT, "--" + missing);
            BadOptionException e = assertThrows(BadOptionException.class, () -> parse(Map.of(), args));
            assertTrue(e.getMessage().contains("--" + missing), e.getMessage());
        }
    }

    @Test
    void aGatewayMustBeToldWhereTheClusterIsAndNeedsAnApiAddress() {
        String[] gateway = AGENT.clone();
        gateway[1] = "gateway";
        assertEquals(Path.of("/a/gateway.lock"), parse(Map.of(), gateway).lockFile());
        for (String missing : new String[] {"kafka-bootstrap", "hazelcast-members", "registry-url"}) {
            String[] args = without(gateway, "--" + missing);
            BadOptionException e = assertThrows(BadOptionException.class, () -> parse(Map.of(), args));
            assertTrue(e.getMessage().contains("--role gateway needs --" + missing), e.getMessage());
        }
        String[] noApi = java.util.Arrays.copyOf(gateway, gateway.length + 2);
        noApi[gateway.length] = "--socket";
        noApi[gateway.length + 1] = "";
        assertTrue(assertThrows(BadOptionException.class, () -> parse(Map.of(), noApi)).getMessage()
                .contains("--tcp"));
        assertNull(parse(Map.of(), "--role", "core", "--socket", "").socket(), "the core serves no API");
    }

    @Test
    void aBrokerOrMemberAloneRefusesTheExternalClusterItWouldReplace() {
        assertTrue(assertThrows(BadOptionException.class, () -> parse(Map.of(), "--role", "broker",
                "--kafka-bootstrap", "k:9092")).getMessage().contains("--role broker runs an embedded broker"));
        assertTrue(assertThrows(BadOptionException.class, () -> parse(Map.of(), "--role", "member",
                "--hazelcast-members", "h:5701")).getMessage().contains("--role member runs an embedded member"));
        assertEquals(Role.BROKER, parse(Map.of(), "--role", "broker", "--kafka-node-id", "3", "--kafka-voters",
                "1@a:19093,2@b:19093,3@c:19093", "--advertise-address", "c").role());
    }

    @Test
    void badRoleOrRegistryIsNamed() {
        assertTrue(assertThrows(BadOptionException.class, () -> parse(Map.of(), "--role", "worker"))
                .getMessage().contains("--role"));
        assertTrue(assertThrows(BadOptionException.class, () -> parse(Map.of(), "--role", "member",
                "--registry-url", "http://r:1")).getMessage().contains("--registry-url"));
        assertTrue(assertThrows(BadOptionException.class, () -> parse(Map.of(), "--registry-url", "r:1"))
                .getMessage().contains("--registry-url: expected http://HOST:PORT"));
        assertEquals("http://r:1", parse(Map.of(), "--role", "control", "--registry-url", "http://r:1/").registryUrl(),
                "a control plane may use an image store of its own process");
        String[] args = AGENT.clone();
        args[args.length - 1] = "r:5000";
        assertTrue(assertThrows(BadOptionException.class, () -> parse(Map.of(), args))
                .getMessage().contains("--registry-url"));
    }

    private static String[] without(String[] args, String flag) {
        java.util.List<String> kept = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(flag)) {
                i++;
            } else {
                kept.add(args[i]);
            }
        }
        return kept.toArray(String[]::new);
    }
}
