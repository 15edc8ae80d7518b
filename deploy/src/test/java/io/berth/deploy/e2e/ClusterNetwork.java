package io.berth.deploy.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The "hosts" of {@link ClusterPlatform}: one Linux bridge whose host end has the control plane's address, and
 * per node a network namespace ({@code berth-e2e-<tag>-<n>}) joined to the bridge by a veth pair, with its own
 * address. Names carry a random tag so parallel runs never meet; {@link #remove()} takes everything down.
 */
final class ClusterNetwork implements AutoCloseable {
    private final String tag = String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    // 10.200-249.x.0/24: away from the usual 10.0/10.1 and 172.17 docker nets
    private final String prefix = "10." + (200 + ThreadLocalRandom.current().nextInt(50)) + "."
            + ThreadLocalRandom.current().nextInt(256) + ".";
    private final String bridge = "bbr" + tag;
    private final List<String> namespaces = new ArrayList<>();
    private boolean bridgeMade;

    /** The bridge address: where the control plane listens. */
    String hostAddress() {
        return prefix + "1";
    }

    /** Node {@code n}'s address inside its namespace. */
    String nodeAddress(int n) {
        return prefix + (10 + n);
    }

    String namespace(int n) {
        return "berth-e2e-" + tag + "-" + n;
    }

    private String hostVeth(int n) {
        return "bve" + tag + n;
    }

    void createBridge() {
        ip("link", "add", bridge, "type", "bridge");
        bridgeMade = true;
        ip("addr", "add", hostAddress() + "/24", "dev", bridge);
        ip("link", "set", bridge, "up");
    }

    /** Makes node {@code n}'s namespace, its veth pair on the bridge and its address; loopback up. */
    void addNode(int n) {
        String ns = namespace(n);
        String peer = "bvp" + tag + n;
        ip("netns", "add", ns);
        namespaces.add(ns);
        ip("link", "add", hostVeth(n), "type", "veth", "peer", "name", peer);
        ip("link", "set", peer, "netns", ns);
        ip("-n", ns, "link", "set", "lo", "up");
        ip("-n", ns, "addr", "add", nodeAddress(n) + "/24", "dev", peer);
        ip("-n", ns, "link", "set", peer, "up");
        ip("link", "set", hostVeth(n), "master", bridge);
        ip("link", "set", hostVeth(n), "up");
    }

    /** Cuts node {@code n} off the network: its veth's host end goes down. */
    void cut(int n) {
        ip("link", "set", hostVeth(n), "down");
    }

    void restore(int n) {
        ip("link", "set", hostVeth(n), "up");
    }

    /** Pids of every process in node {@code n}'s namespace (its agent and the monitors it spawned). */
    List<Long> pids(int n) {
        return HostTraces.exec(List.of("ip", "netns", "pids", namespace(n))).lines().map(String::trim)
                .filter(s -> !s.isEmpty()).map(Long::parseLong).toList();
    }

    /** Deletes every namespace (their veths go with them) and the bridge; never throws. */
    void remove() {
        for (String ns : namespaces) {
            quietly("netns", "del", ns);
        }
        namespaces.clear();
        if (bridgeMade) {
            quietly("link", "del", bridge);
            bridgeMade = false;
        }
    }

    @Override
    public void close() {
        remove();
    }

    private static void ip(String... args) {
        List<String> argv = new ArrayList<>(List.of("ip"));
        argv.addAll(List.of(args));
        HostTraces.exec(argv);
    }

    private static void quietly(String... args) {
        try {
            ip(args);
        } catch (RuntimeException | AssertionError e) {
            System.err.println("berth e2e: cluster network cleanup: " + e.getMessage());
        }
    }
}
