package io.berth.deploy.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * User-defined networks through the docker CLI: containers on one network fetch a page from each other by name,
 * alias and short id through the network's DNS; a container on another network neither resolves those names nor
 * reaches their addresses; rm of a network in use, bad subnets and overlaps are refused with dockerd's words; the
 * network's bridge and rules leave the host with it. Traffic goes only to bridges Berth made.
 */
@E2e
class UserNetworkIT {
    private static DockerCli docker;
    private static MadeContainers made;

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void containersOnOneNetworkReachEachOtherByNameAliasAndShortIdAndNoOtherNetworkDoes() {
        String a = unique("nwa");
        String b = unique("nwb");
        String web = unique("nw-web");
        try {
            docker.ok("network", "create", "--label", "berth.test=" + a, a);
            docker.ok("network", "create", b);
            String subnet = docker.ok("network", "inspect", "-f", "{{(index .IPAM.Config 0).Subnet}}", a).stdout().trim();
            String gateway = docker.ok("network", "inspect", "-f", "{{(index .IPAM.Config 0).Gateway}}", a).stdout().trim();
            assertTrue(subnet.matches("10\\.87\\.\\d+\\.0/24"), subnet);
            String otherSubnet = docker.ok("network", "inspect", "-f", "{{(index .IPAM.Config 0).Subnet}}", b).stdout().trim();
            assertFalse(subnet.equals(otherSubnet), subnet + " vs " + otherSubnet);

            String id = made.runDetached("--name", web, "--network", a, "--network-alias", "api", "busybox", "httpd", "-f",
                    "-p", "80", "-h", "/etc");
            String shortId = id.substring(0, 12);
            String ip = made.inspect(id, "{{(index .NetworkSettings.Networks \"" + a + "\").IPAddress}}");
            assertTrue(ip.startsWith(subnet.replace(".0/24", ".")), ip + " in " + subnet);
            assertTrue(made.inspect(id, "{{json (index .NetworkSettings.Networks \"" + a + "\").Aliases}}")
                    .contains("\"api\""));
            assertEquals(a, made.inspect(id, "{{.HostConfig.NetworkMode}}"));

            DockerCli.Result same = docker.run("run", "--rm", "--network", a, "busybox", "sh", "-c",
                    "cat /etc/resolv.conf; for n in " + web + " api " + shortId + "; do nslookup $n | grep -A1 '^Name:';"
                            + " timeout 5 wget -qO- http://$n/hostname; done");
            assertTrue(same.ok(), same.toString());
            assertTrue(same.stdout().startsWith("nameserver " + gateway + "\n"), same.toString());
            for (String name : List.of(web, "api", shortId)) {
                assertTrue(same.stdout().contains("Name:\t" + name + "\nAddress: " + ip + "\n"), same.toString());
            }
            assertEquals(3, same.stdout().lines().filter(l -> l.equals(shortId)).count(), same.toString());

            String inspect = docker.ok("network", "inspect", "-f", "{{json .Containers}}", a).stdout();
            assertTrue(inspect.contains(id) && inspect.contains("\"Name\":\"" + web + "\""), inspect);
            String listed = docker.ok("network", "ls", "--filter", "label=berth.test=" + a, "--format", "{{.Name}}").stdout();
            assertEquals(a, listed.trim());

            // another network: the names do not resolve there, and the address is not reachable from it
            DockerCli.Result other = docker.run("run", "--rm", "--network", b, "busybox", "sh", "-c",
                    "for n in " + web + " api " + shortId + "; do timeout 5 wget -qO- http://$n/hostname || echo \"no $n\";"
                            + " done; timeout 3 wget -qO- http://" + ip + "/hostname || echo unreachable");
            assertTrue(other.ok(), other.toString());
            for (String name : List.of(web, "api", shortId)) {
                assertTrue(other.stdout().contains("no " + name + "\n"), other.toString());
                assertTrue(other.stderr().contains("bad address '" + name + "'"), other.toString());
            }
            assertTrue(other.stdout().contains("unreachable"), other.toString());
            assertFalse(other.stdout().lines().anyMatch(l -> l.equals(shortId)), other.toString());

            // in use: dockerd's 403 and words
            DockerCli.Result inUse = docker.run("network", "rm", a);
            assertFalse(inUse.ok(), inUse.toString());
            assertTrue(inUse.stderr().contains("error while removing network: network " + a + " id ")
                    && inUse.stderr().contains("has active endpoints"), inUse.toString());

            String device = bridgeOf(docker.ok("network", "inspect", "-f", "{{.Id}}", a).stdout().trim());
            // the isolation rule: nothing is forwarded from a's bridge to b's (with ip_forward off, as on a test host,
            // nothing is forwarded at all; the rule is what keeps them apart where it is on)
            String deviceB = bridgeOf(docker.ok("network", "inspect", "-f", "{{.Id}}", b).stdout().trim());
            assertTrue(HostTraces.exec(List.of("nft", "list", "ruleset")).lines().anyMatch(l -> l.contains(
                    "iifname \"" + device + "\" oifname {") && l.contains("\"" + deviceB + "\"") && l.endsWith("drop")),
                    HostTraces.exec(List.of("nft", "list", "ruleset")));

            assertTrue(docker.run("rm", "-f", id).ok());
            made.remove(id);
            docker.ok("network", "rm", a, b);
            assertTrue(Eventually.holds(Duration.ofSeconds(10),
                    () -> !HostTraces.exec(List.of("ip", "-o", "link")).contains(device + ":")),
                    "bridge " + device + " left after network rm");
            assertTrue(Eventually.holds(Duration.ofSeconds(10),
                    () -> !HostTraces.exec(List.of("nft", "list", "ruleset")).contains(device)),
                    "rules of " + device + " left after network rm");
            DockerCli.Result gone = docker.run("network", "inspect", a);
            assertTrue(gone.stderr().contains("network " + a + " not found"), gone.toString());
        } finally {
            docker.run("rm", "-f", web);
            docker.run("network", "rm", a, b);
        }
    }

    @Test
    void badSubnetsOverlapsAndDuplicatesAreRefused() {
        String n = unique("nwbad");
        String m = unique("nwbad");
        try {
            DockerCli.Result bad = docker.run("network", "create", "--subnet", "10.86.300.0/24", n);
            assertFalse(bad.ok());
            assertTrue(bad.stderr().contains("invalid CIDR address: 10.86.300.0/24"), bad.toString());
            DockerCli.Result hostBits = docker.run("network", "create", "--subnet", "10.86.77.5/24", n);
            assertTrue(hostBits.stderr().contains("it should be 10.86.77.0/24"), hostBits.toString());
            DockerCli.Result gw = docker.run("network", "create", "--subnet", "10.86.77.0/24", "--gateway", "10.86.78.1", n);
            assertTrue(gw.stderr().contains("no matching subnet for gateway 10.86.78.1"), gw.toString());
            DockerCli.Result ipv6 = docker.run("network", "create", "--ipv6", n);
            assertTrue(ipv6.stderr().contains("Berth does not support EnableIPv6 (--ipv6)"), ipv6.toString());
            // the cluster pool: the node bridges hold /24s of 10.87.0.0/16
            DockerCli.Result pool = docker.run("network", "create", "--subnet", "10.87.0.0/16", n);
            assertTrue(pool.stderr().contains("Pool overlaps with other one on this address space"), pool.toString());
            assertTrue(docker.run("network", "inspect", n).stderr().contains("not found"), "nothing left by refusals");

            docker.ok("network", "create", "--subnet", "10.86.77.0/24", "--gateway", "10.86.77.254", "--internal", n);
            assertEquals("10.86.77.254 true", docker.ok("network", "inspect", "-f",
                    "{{(index .IPAM.Config 0).Gateway}} {{.Internal}}", n).stdout().trim());
            DockerCli.Result overlap = docker.run("network", "create", "--subnet", "10.86.77.128/25", m);
            assertTrue(overlap.stderr().contains("Pool overlaps with other one on this address space"), overlap.toString());
            DockerCli.Result dup = docker.run("network", "create", n);
            assertTrue(dup.stderr().contains("network with name " + n + " already exists"), dup.toString());

            // by id prefix, as dockerd takes it; recorded under the network's name
            String idPrefix = docker.ok("network", "inspect", "-f", "{{.Id}}", n).stdout().trim().substring(0, 12);
            DockerCli.Result run = docker.run("run", "--rm", "--network", idPrefix, "busybox", "ip", "-o", "-4", "addr",
                    "show", "eth0");
            assertTrue(run.ok(), run.toString());
            assertTrue(run.stdout().contains("inet 10.86.77.2/24"), run.toString());

            DockerCli.Result pruned = docker.run("network", "prune", "-f");
            assertTrue(pruned.ok(), pruned.toString());
            assertTrue(pruned.stdout().contains(n), pruned.toString());
            assertTrue(docker.run("network", "inspect", n).stderr().contains("not found"));
            DockerCli.Result builtIn = docker.run("network", "rm", "bridge");
            assertTrue(builtIn.stderr().contains("bridge is a pre-defined network and cannot be removed"), builtIn.toString());
        } finally {
            docker.run("network", "rm", n);
            docker.run("network", "rm", m);
        }
    }

    @Test
    void connectBeforeStartPutsACreatedContainerOnTheNetwork() {
        String n = unique("nwc");
        String c = unique("nwc-box");
        try {
            docker.ok("network", "create", n);
            made.add(c);
            docker.ok("create", "--name", c, "--network", "none", "busybox", "sh", "-c", "ip -o -4 addr show eth0; cat /etc/hosts");
            docker.ok("network", "connect", "--alias", "boxy", n, c);
            DockerCli.Result again = docker.run("network", "connect", n, c);
            assertTrue(again.stderr().contains("endpoint with name " + c + " already exists in network " + n), again.toString());
            assertTrue(made.inspect(c, "{{json .NetworkSettings.Networks}}").contains("boxy"));
            DockerCli.Result started = docker.run("start", "-a", c);
            assertTrue(started.ok(), started.toString());
            assertTrue(started.stdout().contains("inet 10.87."), started.toString());

            // the default bridge as a second network of a running container: eth1 with a bridge address
            String live = made.runDetached("--network", n, "busybox", "sleep", "60");
            docker.ok("network", "connect", "bridge", live);
            String eth1 = docker.ok("exec", live, "ip", "-o", "-4", "addr", "show", "eth1").stdout();
            assertTrue(eth1.contains("inet 10.87."), eth1);
            assertTrue(made.inspect(live, "{{json .NetworkSettings.Networks}}").contains("\"bridge\""));
            DockerCli.Result host = docker.run("network", "connect", "host", live);
            assertTrue(host.stderr().contains("container cannot be disconnected from host network or connected to host "
                    + "network"), host.toString());
        } finally {
            made.removeAll();
            docker.run("network", "rm", n);
        }
    }

    @Test
    void aRunningContainerIsConnectedAndDisconnectedLive() {
        String n = unique("nwlive");
        String web = unique("nwlive-web");
        String box = unique("nwlive-box");
        try {
            docker.ok("network", "create", "--subnet", "10.86.91.0/24", n);
            long since = System.currentTimeMillis() / 1000 - 1;
            String webId = made.runDetached("--name", web, "--network", n, "busybox", "httpd", "-f", "-p", "80", "-h", "/etc");
            String boxId = made.runDetached("--name", box, "--network", "none", "busybox", "sleep", "300");
            assertEquals(1, docker.ok("exec", box, "ip", "-o", "link").stdout().lines().count(), "on none: only lo");

            docker.ok("network", "connect", "--alias", "client", n, box);
            String ip = made.inspect(boxId, "{{(index .NetworkSettings.Networks \"" + n + "\").IPAddress}}");
            assertTrue(ip.startsWith("10.86.91."), ip);
            assertTrue(made.inspect(boxId, "{{json (index .NetworkSettings.Networks \"" + n + "\").Aliases}}")
                    .contains("\"client\""));
            assertFalse(HostTraces.networkLeftovers(boxId).isEmpty(), "the live connect made a veth on the host");
            DockerCli.Result fetched = docker.run("exec", box, "sh", "-c",
                    "ip -o -4 addr show eth0; timeout 10 wget -qO- http://" + web + "/hostname");
            assertTrue(fetched.ok(), fetched.toString());
            assertTrue(fetched.stdout().contains("inet " + ip + "/24"), fetched.toString());
            assertTrue(fetched.stdout().contains(webId.substring(0, 12)), "a page by name: " + fetched);
            DockerCli.Result byAlias = docker.run("exec", web, "nslookup", "client");
            assertTrue(byAlias.ok() && byAlias.stdout().contains("Address: " + ip), "the alias resolves: " + byAlias);

            DockerCli.Result again = docker.run("network", "connect", n, box);
            assertTrue(again.stderr().contains("endpoint with name " + box + " already exists in network " + n),
                    again.toString());
            DockerCli.Result inUse = docker.run("network", "rm", n);
            assertTrue(inUse.stderr().contains("has active endpoints"), inUse.toString());

            docker.ok("network", "disconnect", n, box);
            assertEquals(1, docker.ok("exec", box, "ip", "-o", "link").stdout().lines().count(), "only lo is left");
            assertEquals(List.of("netns"), HostTraces.networkLeftovers(boxId).stream().map(l -> l.startsWith("berth-") ? "netns" : l).toList(),
                    "no veth is left, the running container keeps its namespace");
            DockerCli.Result gone = docker.run("exec", box, "sh", "-c", "timeout 5 wget -qO- http://" + web + "/hostname");
            assertFalse(gone.ok(), gone.toString());
            DockerCli.Result unresolved = docker.run("exec", web, "nslookup", box);
            assertFalse(unresolved.ok() && unresolved.stdout().contains("Address: " + ip), unresolved.toString());
            assertFalse(made.inspect(boxId, "{{json .NetworkSettings.Networks}}").contains("\"" + n + "\""));
            DockerCli.Result notOn = docker.run("network", "disconnect", n, box);
            assertTrue(notOn.stderr().contains("is not connected to network " + n), notOn.toString());
            assertTrue(docker.run("network", "connect", "nosuchnet", box).stderr().contains("network nosuchnet not found"));
            assertTrue(docker.run("network", "connect", n, "nosuchbox").stderr().contains("No such container: nosuchbox"));

            long until = System.currentTimeMillis() / 1000 + 1;
            DockerCli.Result events = docker.run(Duration.ofSeconds(30), "events", "--since", Long.toString(since),
                    "--until", Long.toString(until), "--filter", "type=network",
                    "--format", "{{.Action}} {{.Actor.Attributes.container}} {{.Actor.Attributes.name}}");
            assertTrue(events.stdout().contains("connect " + boxId + " " + n + "\n"), events.toString());
            assertTrue(events.stdout().contains("disconnect " + boxId + " " + n + "\n"), events.toString());

            made.removeAll();
            assertEquals(List.of(), HostTraces.networkLeftovers(boxId));
        } finally {
            made.removeAll();
            docker.run("network", "rm", n);
        }
    }

    @Test
    void aContainerOnTwoNetworksReachesBothByNameWhileOthersSeeOnlyTheirOwn() {
        String a = unique("nwfront");
        String b = unique("nwback");
        String webA = unique("nw2-weba");
        String webB = unique("nw2-webb");
        String mid = unique("nw2-mid");
        String onlyA = unique("nw2-onlya");
        try {
            docker.ok("network", "create", "--subnet", "10.86.94.0/24", a);
            docker.ok("network", "create", "--subnet", "10.86.95.0/24", b);
            String webAId = made.runDetached("--name", webA, "--network", a, "busybox", "httpd", "-f", "-p", "80", "-h",
                    "/etc");
            String webBId = made.runDetached("--name", webB, "--network", b, "--network-alias", "store", "busybox",
                    "httpd", "-f", "-p", "80", "-h", "/etc");
            String midId = made.runDetached("--name", mid, "--network", a, "busybox", "sleep", "300");
            made.runDetached("--name", onlyA, "--network", a, "busybox", "sleep", "300");

            docker.ok("network", "connect", "--alias", "midb", "--ip", "10.86.95.50", b, mid);
            String inside = docker.ok("exec", mid, "sh", "-c", "ip -o -4 addr; ip route; for n in " + webA + " " + webB
                    + " store; do timeout 10 wget -qO- http://$n/hostname; done").stdout();
            assertTrue(inside.matches("(?s).*eth0\\s+inet 10\\.86\\.94\\.\\d+/24.*"), inside);
            assertTrue(inside.contains("eth1    inet 10.86.95.50/24") || inside.matches("(?s).*eth1\\s+inet 10\\.86\\.95\\.50/24.*"),
                    inside);
            assertTrue(inside.contains("default via 10.86.94.1 dev eth0"), "the first network keeps the default route: "
                    + inside);
            assertEquals(1, inside.lines().filter(l -> l.startsWith("default")).count(), inside);
            assertTrue(inside.contains(webAId.substring(0, 12)), "a page by name on the first network: " + inside);
            assertEquals(2, inside.lines().filter(l -> l.equals(webBId.substring(0, 12))).count(),
                    "a page by name and by alias over the second network: " + inside);

            // only containers on b see mid's name there, with its address on b; one on a only cannot resolve b's
            DockerCli.Result fromB = docker.run("exec", webB, "sh", "-c", "nslookup midb; nslookup " + mid);
            assertEquals(2, fromB.stdout().lines().filter(l -> l.equals("Address: 10.86.95.50")).count(), fromB.toString());
            DockerCli.Result isolated = docker.run("exec", onlyA, "sh", "-c", "timeout 5 wget -qO- http://" + webB
                    + "/hostname || echo no-b; timeout 5 wget -qO- http://store/hostname || echo no-store");
            assertTrue(isolated.stdout().contains("no-b") && isolated.stdout().contains("no-store"), isolated.toString());
            assertTrue(isolated.stderr().contains("bad address '" + webB + "'"), isolated.toString());

            assertEquals("10.86.95.50", made.inspect(midId, "{{(index .NetworkSettings.Networks \"" + b + "\").IPAddress}}"));
            assertTrue(made.inspect(midId, "{{(index .NetworkSettings.Networks \"" + a + "\").IPAddress}}")
                    .startsWith("10.86.94."));
            assertTrue(made.inspect(midId, "{{json (index .NetworkSettings.Networks \"" + b + "\").Aliases}}")
                    .contains("\"midb\""));
            assertTrue(docker.ok("network", "inspect", "-f", "{{json .Containers}}", b).stdout().contains(midId));
            assertTrue(docker.ok("network", "inspect", "-f", "{{json .Containers}}", a).stdout().contains(midId));
            assertTrue(docker.run("network", "rm", b).stderr().contains("has active endpoints"));
            assertEquals(2, HostTraces.networkLeftovers(midId).stream().filter(l -> !l.startsWith("berth-")).count(),
                    "a veth per network: " + HostTraces.networkLeftovers(midId));

            // disconnecting the second takes just eth1
            docker.ok("network", "disconnect", b, mid);
            String after = docker.ok("exec", mid, "sh", "-c", "ip -o link; timeout 10 wget -qO- http://" + webA
                    + "/hostname; timeout 5 wget -qO- http://" + webB + "/hostname || echo no-b").stdout();
            assertEquals(2, after.lines().filter(l -> l.matches("\\d+: \\S+.*")).count(), "lo and eth0: " + after);
            assertTrue(after.contains(webAId.substring(0, 12)) && after.contains("no-b"), after);
            assertFalse(made.inspect(midId, "{{json .NetworkSettings.Networks}}").contains("\"" + b + "\""));
            assertEquals(1, HostTraces.networkLeftovers(midId).stream().filter(l -> !l.startsWith("berth-")).count(), HostTraces.networkLeftovers(midId).toString());

            // back on b, then off a, the first: the default route moves to b and a's names go
            docker.ok("network", "connect", b, mid);
            docker.ok("network", "disconnect", a, mid);
            String onB = docker.ok("exec", mid, "sh", "-c", "ip route; timeout 10 wget -qO- http://" + webB
                    + "/hostname; timeout 5 wget -qO- http://" + webA + "/hostname || echo no-a").stdout();
            assertTrue(onB.contains("default via 10.86.95.1"), onB);
            assertTrue(onB.contains(webBId.substring(0, 12)) && onB.contains("no-a"), onB);
            assertEquals("[\"" + b + "\"]", "[\"" + String.join("\",\"", networksOf(midId)) + "\"]");

            // connected while stopped, both are there again at start
            docker.ok("stop", "-t", "1", mid);
            docker.ok("network", "connect", a, mid);
            docker.ok("start", mid);
            String restarted = docker.ok("exec", mid, "sh", "-c", "ip -o -4 addr; for n in " + webA + " " + webB
                    + "; do timeout 10 wget -qO- http://$n/hostname; done").stdout();
            assertTrue(restarted.contains("inet 10.86.94.") && restarted.contains("inet 10.86.95."), restarted);
            assertTrue(restarted.contains(webAId.substring(0, 12)) && restarted.contains(webBId.substring(0, 12)),
                    restarted);

            made.removeAll();
            assertEquals(List.of(), HostTraces.networkLeftovers(midId));
            assertFalse(HostTraces.exec(List.of("nft", "list", "ruleset")).contains("10.86.95.50"));
            docker.ok("network", "rm", a, b);
        } finally {
            made.removeAll();
            docker.run("network", "rm", a, b);
        }
    }

    private static List<String> networksOf(String id) {
        return List.of(made.inspect(id, "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}").trim().split(" "));
    }

    @Test
    void aFixedAddressIsTheOneSeenInsideAndBadOnesGetDockerdsWords() {
        String n = unique("nwip");
        String taken = unique("nwip-taken");
        try {
            docker.ok("network", "create", "--subnet", "10.86.92.0/24", n);
            String a = made.runDetached("--network", n, "--ip", "10.86.92.50", "--mac-address", "02:42:0a:56:5c:99",
                    "busybox", "sleep", "300");
            String inside = docker.ok("exec", a, "sh", "-c", "ip -o -4 addr show eth0; cat /sys/class/net/eth0/address")
                    .stdout();
            assertTrue(inside.contains("inet 10.86.92.50/24"), inside);
            assertTrue(inside.contains("02:42:0a:56:5c:99"), inside);
            assertEquals("10.86.92.50", made.inspect(a, "{{(index .NetworkSettings.Networks \"" + n + "\").IPAddress}}"));
            assertEquals("{\"IPv4Address\":\"10.86.92.50\"}",
                    made.inspect(a, "{{json (index .NetworkSettings.Networks \"" + n + "\").IPAMConfig}}"));

            DockerCli.Result inUse = docker.run("run", "-d", "--name", taken, "--network", n, "--ip", "10.86.92.50",
                    "busybox", "sleep", "300");
            made.add(taken);
            assertFalse(inUse.ok(), inUse.toString());
            assertTrue(inUse.stderr().contains("Address already in use"), inUse.toString());
            assertEquals(List.of(), HostTraces.networkLeftovers(made.inspect(taken, "{{.Id}}")), "the refused start left nothing");

            DockerCli.Result gateway = docker.run("run", "--rm", "--network", n, "--ip", "10.86.92.1", "busybox", "true");
            assertTrue(gateway.stderr().contains("Address already in use"), gateway.toString());
            DockerCli.Result outside = docker.run("run", "--rm", "--network", n, "--ip", "10.86.93.5", "busybox", "true");
            assertTrue(outside.stderr().contains("no configured subnet or ip-range contain the IP address 10.86.93.5"),
                    outside.toString());
            DockerCli.Result onBridge = docker.run("run", "--rm", "--ip", "10.87.0.50", "busybox", "true");
            assertTrue(onBridge.stderr().contains("user specified IP address is supported on user defined networks only"),
                    onBridge.toString());
            DockerCli.Result ip6 = docker.run("run", "--rm", "--network", n, "--ip6", "fd00::5", "busybox", "true");
            assertTrue(ip6.stderr().contains("--ip6"), ip6.toString());

            // a live connect takes --ip too, with the same refusals
            String b = made.runDetached("--network", "none", "busybox", "sleep", "300");
            DockerCli.Result busy = docker.run("network", "connect", "--ip", "10.86.92.50", n, b);
            assertTrue(busy.stderr().contains("Address already in use"), busy.toString());
            assertEquals(1, docker.ok("exec", b, "ip", "-o", "link").stdout().lines().count(), "a refused connect left only lo");
            docker.ok("network", "connect", "--ip", "10.86.92.60", n, b);
            assertTrue(docker.ok("exec", b, "ip", "-o", "-4", "addr", "show", "eth0").stdout().contains("inet 10.86.92.60/24"));
            String bId = made.inspect(b, "{{.Id}}");
            made.removeAll();
            assertEquals(List.of(), HostTraces.networkLeftovers(bId));
        } finally {
            made.removeAll();
            docker.run("network", "rm", n);
        }
    }

    /** The network's bridge device on this host: Berth's {@code bn<tag><6 of the id>}. */
    private static String bridgeOf(String networkId) {
        Matcher m = Pattern.compile("\\d+: (bn[0-9a-f]{6}" + networkId.substring(0, 6) + "):")
                .matcher(HostTraces.exec(List.of("ip", "-o", "link")));
        assertTrue(m.find(), "no bridge for network " + networkId);
        return m.group(1);
    }
}
