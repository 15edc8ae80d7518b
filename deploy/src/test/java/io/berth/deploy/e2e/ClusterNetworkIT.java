package io.berth.deploy.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * User-defined networks across the nodes of the shared cluster harness ({@link ClusterPlatform}, the same started
 * cluster {@link ClusterIT} uses): containers pinned to two nodes fetch a page from each other by name over the
 * network's VXLAN devices (MTU 1450, the gateway's ARP answered by the local bridge), another network does not
 * resolve them, and a killed node's containers leave the other nodes' DNS answers, forwarding and neighbour
 * tables. Each node's namespace is looked into with {@code ip}/{@code bridge}; network rm leaves no device.
 */
@E2e(E2e.Layout.CLUSTER)
class ClusterNetworkIT {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static ClusterPlatform platform;
    private static DockerCli docker;
    private static OpsCurl curl;
    private static MadeContainers made;
    private final List<String> networks = new ArrayList<>();

    @BeforeAll
    static void start() {
        for (int n = 1; n <= ClusterPlatform.NODES; n++) {
            String node = ClusterPlatform.nodeId(n);
            assertTrue(Eventually.holds(LIMIT, () -> "ready".equals(nodeState(node))), node + " joins");
        }
    }

    @AfterEach
    void removeAll() {
        made.removeAll();
        for (String net : networks) {
            String id = docker.run("network", "inspect", "-f", "{{.Id}}", net).stdout().trim();
            DockerCli.Result rm = docker.run("network", "rm", net);
            assertTrue(rm.ok(), rm.toString());
            if (id.length() == 64) {
                for (int n = 1; n <= ClusterPlatform.NODES; n++) {
                    int node = n;
                    assertTrue(Eventually.holds(Duration.ofSeconds(10), () -> links(node, id).isEmpty()),
                            "network rm takes the bridge and VXLAN device off node-" + n + ": " + links(node, id));
                }
            }
        }
        networks.clear();
    }

    @Test
    void containersOnTwoNodesReachEachOtherByNameOverVxlanAndNoOtherNetworkResolvesThem() {
        String net = network("xn");
        String other = network("xo");
        String web = unique("xweb");
        String id = made.runDetached("--name", web, "--network", net, "-e", "constraint:node==node-1", "busybox",
                "httpd", "-f", "-p", "80", "-h", "/etc");
        assertEquals("node-1", made.inspect(id, "{{.Node.Name}}"));
        String ip = made.inspect(id, "{{(index .NetworkSettings.Networks \"" + net + "\").IPAddress}}");
        String mac = made.inspect(id, "{{(index .NetworkSettings.Networks \"" + net + "\").MacAddress}}");
        String gateway = made.inspect(id, "{{(index .NetworkSettings.Networks \"" + net + "\").Gateway}}");

        DockerCli.Result fetch = docker.run("run", "--rm", "--network", net, "-e", "constraint:node==node-2", "busybox",
                "sh", "-c", "nslookup " + web + " | grep -A1 '^Name:'; timeout 10 wget -qO- http://" + web
                        + "/hostname; cat /sys/class/net/eth0/mtu; cat /proc/net/arp");
        assertTrue(fetch.ok(), fetch.toString());
        assertTrue(fetch.stdout().contains("Name:\t" + web + "\nAddress: " + ip + "\n"), fetch.toString());
        assertTrue(fetch.stdout().contains(id.substring(0, 12) + "\n"),
                "the page of the container on node-1 is fetched by name from node-2: " + fetch);
        assertTrue(fetch.stdout().contains("\n1450\n"), "the veth has the overlay's MTU: " + fetch);
        String networkId = docker.ok("network", "inspect", "-f", "{{.Id}}", net).stdout().trim();
        String bridgeMac = linkMac(2, "bn", networkId);
        assertFalse(bridgeMac.equals(linkMac(1, "bn", networkId)), "each node's bridge has a MAC of its own");
        assertTrue(fetch.stdout().lines().anyMatch(l -> l.startsWith(gateway + " ") && l.contains(bridgeMac)),
                "the gateway's ARP is answered by node-2's own bridge (" + bridgeMac + "), never across: " + fetch);

        String vxlan = vxlanDevice(2, networkId);
        String details = platform.onNode(2, "ip", "-d", "-o", "link", "show", "dev", vxlan);
        assertTrue(details.contains("mtu 1450") && details.contains("local " + platform.nodeAddress(2))
                && details.contains("nolearning") && details.contains("proxy"), details);
        String vni = details.replaceAll("(?s).*vxlan id (\\d+).*", "$1");
        assertTrue(platform.onNode(1, "ip", "-d", "-o", "link", "show", "dev", vxlanDevice(1, networkId))
                .contains("vxlan id " + vni + " "), "one VNI for the network on every node");
        assertTrue(Eventually.holds(Duration.ofSeconds(5), () -> fdb(2, vxlan).contains(mac + " dst "
                + platform.nodeAddress(1) + " ")), "node-2 forwards the container's MAC to node-1: " + fdb(2, vxlan));
        assertTrue(neigh(2, vxlan).contains(ip + " lladdr " + mac), neigh(2, vxlan));
        assertFalse(neigh(2, vxlan).contains(gateway + " "), "no neighbour entry for the shared gateway");

        DockerCli.Result elsewhere = docker.run("run", "--rm", "--network", other, "-e", "constraint:node==node-2",
                "busybox", "sh", "-c", "nslookup " + web + " || echo unresolved; timeout 3 wget -qO- http://" + ip
                        + "/hostname || echo unreachable");
        assertTrue(elsewhere.ok(), elsewhere.toString());
        assertTrue(elsewhere.stdout().contains("unresolved") && elsewhere.stdout().contains("unreachable"),
                "another network neither resolves nor reaches it: " + elsewhere);
    }

    @Test
    void aKilledNodeTakesItsContainersOutOfTheOtherNodesDnsAndTables() {
        String net = network("xk");
        String web = unique("xkweb");
        String id = made.runDetached("--name", web, "--network", net, "-e", "constraint:node==node-3", "busybox",
                "httpd", "-f", "-p", "80", "-h", "/etc");
        String ip = made.inspect(id, "{{(index .NetworkSettings.Networks \"" + net + "\").IPAddress}}");
        String client = made.runDetached("--network", net, "-e", "constraint:node==node-1", "busybox", "sleep", "1000");
        String networkId = docker.ok("network", "inspect", "-f", "{{.Id}}", net).stdout().trim();
        String vxlan = vxlanDevice(1, networkId);
        String node3 = platform.nodeAddress(3);
        DockerCli.Result before = docker.run("exec", client, "sh", "-c", "timeout 10 wget -qO- http://" + web + "/hostname");
        assertEquals(id.substring(0, 12), before.stdout().trim(), before.toString());
        assertTrue(fdb(1, vxlan).contains(" dst " + node3 + " "), fdb(1, vxlan));
        assertTrue(neigh(1, vxlan).contains(ip + " lladdr"), neigh(1, vxlan));

        platform.kill(3);
        try {
            assertTrue(Eventually.holds(LIMIT, () -> "down".equals(nodeState("node-3"))), "node-3 is marked down");
            assertTrue(Eventually.holds(Duration.ofSeconds(10), () -> !fdb(1, vxlan).contains(" dst " + node3 + " ")
                            && !neigh(1, vxlan).contains(ip + " ")),
                    "node-1's VXLAN device forgets node-3: " + fdb(1, vxlan) + neigh(1, vxlan));
            DockerCli.Result after = docker.run("exec", client, "sh", "-c", "nslookup " + web + " || echo unresolved");
            assertTrue(after.stdout().contains("unresolved") && !after.stdout().contains(ip), after.toString());
        } finally {
            platform.startAgent(3);
            assertTrue(Eventually.holds(LIMIT, () -> "ready".equals(nodeState("node-3"))), "node-3 is ready again");
        }
        // the restarted agent takes its bridge and VXLAN device back and programs them from the cluster again
        String again = made.runDetached("--name", web + "-2", "--network", net, "-e", "constraint:node==node-3",
                "busybox", "httpd", "-f", "-p", "80", "-h", "/etc");
        assertTrue(Eventually.holds(Duration.ofSeconds(20), () -> docker.run("exec", client, "sh", "-c",
                        "timeout 5 wget -qO- http://" + web + "-2/hostname").stdout().trim().equals(again.substring(0, 12))),
                "node-1 reaches the restarted node-3 by name again");
        String back = vxlanDevice(3, networkId);
        assertTrue(fdb(3, back).contains(" dst " + platform.nodeAddress(1) + " "),
                "node-3's device forwards to node-1 again: " + fdb(3, back));
    }

    @Test
    void aContainerOnTwoNetworksIsReachedByNameOverEachNetworksVxlan() {
        String front = network("xf");
        String back = network("xb");
        String mid = unique("xmid");
        String db = unique("xdb");
        String midId = made.runDetached("--name", mid, "--network", front, "-e", "constraint:node==node-1", "busybox",
                "httpd", "-f", "-p", "80", "-h", "/etc");
        String dbId = made.runDetached("--name", db, "--network", back, "-e", "constraint:node==node-2", "busybox",
                "httpd", "-f", "-p", "80", "-h", "/etc");
        docker.ok("network", "connect", back, mid);
        String midBackIp = made.inspect(midId, "{{(index .NetworkSettings.Networks \"" + back + "\").IPAddress}}");
        String midBackMac = made.inspect(midId, "{{(index .NetworkSettings.Networks \"" + back + "\").MacAddress}}");

        // mid on node-1 reaches db on node-2 by name over its second network's VXLAN
        assertTrue(Eventually.holds(LIMIT, () -> docker.run("exec", mid, "sh", "-c", "timeout 5 wget -qO- http://" + db
                + "/hostname").stdout().trim().equals(dbId.substring(0, 12))),
                docker.run("exec", mid, "sh", "-c", "nslookup " + db + "; ip -o -4 addr").toString());
        // and a container on back on node-2 reaches mid at its back address, by name
        DockerCli.Result fromBack = docker.run("run", "--rm", "--network", back, "-e", "constraint:node==node-2",
                "busybox", "sh", "-c", "nslookup " + mid + " | grep -A1 '^Name:'; timeout 10 wget -qO- http://" + mid
                        + "/hostname");
        assertTrue(fromBack.stdout().contains("Name:\t" + mid + "\nAddress: " + midBackIp + "\n"), fromBack.toString());
        assertTrue(fromBack.stdout().contains(midId.substring(0, 12) + "\n"), fromBack.toString());
        String backId = docker.ok("network", "inspect", "-f", "{{.Id}}", back).stdout().trim();
        String vxlan = vxlanDevice(2, backId);
        assertTrue(fdb(2, vxlan).contains(midBackMac + " dst " + platform.nodeAddress(1) + " "), fdb(2, vxlan));
        assertTrue(neigh(2, vxlan).contains(midBackIp + " lladdr " + midBackMac), neigh(2, vxlan));

        // a container only on front, on node-2, does not resolve db
        DockerCli.Result frontOnly = docker.run("run", "--rm", "--network", front, "-e", "constraint:node==node-2",
                "busybox", "sh", "-c", "nslookup " + db + " || echo unresolved");
        assertTrue(frontOnly.stdout().contains("unresolved"), frontOnly.toString());

        // disconnected: node-2 drops the entries it programmed for mid's back endpoint (what its bridge learned from
        // traffic ages out by itself)
        docker.ok("network", "disconnect", back, mid);
        assertTrue(Eventually.holds(Duration.ofSeconds(10), () -> !fdb(2, vxlan).contains(midBackMac + " dst ")
                && !neigh(2, vxlan).contains(midBackIp + " ")), fdb(2, vxlan) + neigh(2, vxlan));
    }

    private String network(String prefix) {
        String name = unique(prefix);
        docker.ok("network", "create", name);
        networks.add(name);
        return name;
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The node's interfaces of the network: its bridge {@code bn<tag><id6>} and VXLAN device {@code bx<tag><id6>}. */
    private static List<String> links(int n, String networkId) {
        return platform.onNode(n, "ip", "-o", "link", "show").lines()
                .map(l -> l.split(":\\s+")[1].split("@")[0])
                .filter(name -> (name.startsWith("bn") || name.startsWith("bx")) && name.endsWith(networkId.substring(0, 6)))
                .toList();
    }

    private static String vxlanDevice(int n, String networkId) {
        return links(n, networkId).stream().filter(l -> l.startsWith("bx")).findFirst()
                .orElseThrow(() -> new AssertionError("no VXLAN device of " + networkId + " on node-" + n));
    }

    private static String linkMac(int n, String kind, String networkId) {
        String device = links(n, networkId).stream().filter(l -> l.startsWith(kind)).findFirst().orElseThrow();
        return platform.onNode(n, "cat", "/sys/class/net/" + device + "/address").trim();
    }

    private static String fdb(int n, String device) {
        return platform.onNode(n, "bridge", "fdb", "show", "dev", device);
    }

    private static String neigh(int n, String device) {
        return platform.onNode(n, "ip", "neigh", "show", "dev", device);
    }

    private static String nodeState(String node) {
        String out = curl.run("http://berth/berth/v1/nodes/" + node);
        return OpsCurl.status(out) == 200 ? OpsCurl.body(out, 200).path("state").asText() : "status " + OpsCurl.status(out);
    }
}
