package io.berth.deploy.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default bridge through the docker CLI: containers get an address on the node's bridge and reach each
 * other and are reached from the host there (the only traffic: to a bridge Berth made); none, host and
 * container:NAME; the /etc files and the flags that shape them; published ports answering on the host's
 * loopback; nothing of a container's left after rm.
 */
@E2e
class BridgeNetworkIT {
    private static DockerCli docker;
    private static MadeContainers made;

    @Test
    void containersReachEachOtherAndTheHostReachesThemOnTheBridge() throws Exception {
        String server = made.runDetached("busybox", "httpd", "-f", "-p", "8080", "-h", "/etc");
        String ip = made.inspect(server, "{{.NetworkSettings.IPAddress}}");
        String gateway = made.inspect(server, "{{.NetworkSettings.Gateway}}");
        assertTrue(ip.matches("10\\.87\\.\\d+\\.\\d+"), ip);
        assertEquals(ip.replaceAll("\\.\\d+$", ".1"), gateway);
        String[] o = ip.split("\\.");
        assertEquals(String.format("02:42:%02x:%02x:%02x:%02x", Integer.parseInt(o[0]), Integer.parseInt(o[1]),
                Integer.parseInt(o[2]), Integer.parseInt(o[3])), made.inspect(server, "{{.NetworkSettings.MacAddress}}"));
        assertEquals(ip, made.inspect(server, "{{.NetworkSettings.Networks.bridge.IPAddress}}"));

        DockerCli.Result fetched = docker.run("run", "--rm", "busybox", "wget", "-qO-", "http://" + ip + ":8080/hostname");
        assertTrue(fetched.ok(), fetched.toString());
        assertEquals(server.substring(0, 12), fetched.stdout().trim());
        String fromHost = HostTraces.exec(List.of("curl", "-s", "-m", "5", "http://" + ip + ":8080/hostname"));
        assertEquals(server.substring(0, 12), fromHost.trim());

        // container:NAME shares the server's namespace: same address, its server on loopback
        DockerCli.Result joined = docker.run("run", "--rm", "--network", "container:" + server, "busybox", "sh", "-c",
                "ip -o -4 addr show eth0; wget -qO- http://127.0.0.1:8080/hostname");
        assertTrue(joined.ok(), joined.toString());
        assertTrue(joined.stdout().contains("inet " + ip + "/"), joined.toString());
        assertTrue(joined.stdout().contains(server.substring(0, 12)), joined.toString());
    }

    @Test
    void etcFilesFollowHostnameAddHostDnsAndMacAddress() {
        DockerCli.Result r = docker.run("run", "--rm", "--hostname", "web1", "--add-host", "db.test:10.1.2.3",
                "--dns", "192.0.2.53", "--dns-search", "corp.test", "--mac-address", "02:11:22:33:44:55", "busybox", "sh", "-c",
                "hostname; cat /etc/hostname /etc/hosts /etc/resolv.conf; cat /sys/class/net/eth0/address");
        assertTrue(r.ok(), r.toString());
        String out = r.stdout();
        assertTrue(out.startsWith("web1\nweb1\n127.0.0.1\tlocalhost\n"), out);
        assertTrue(out.contains("10.1.2.3\tdb.test\n"), out);
        assertTrue(out.matches("(?s).*\\n10\\.87\\.\\d+\\.\\d+\\tweb1\\n.*"), out);
        assertTrue(out.contains("nameserver 192.0.2.53\nsearch corp.test\n"), out);
        assertTrue(out.endsWith("02:11:22:33:44:55\n"), out);

        DockerCli.Result badHost = docker.run("run", "--rm", "--add-host", "x:not-an-ip", "busybox", "true");
        assertFalse(badHost.ok(), badHost.toString());
    }

    @Test
    void noneHasOnlyLoopbackUpAndHostSharesTheHostsNamespace() throws Exception {
        DockerCli.Result none = docker.run("run", "--rm", "--network", "none", "busybox", "ip", "-o", "link");
        assertTrue(none.ok(), none.toString());
        assertEquals(1, none.stdout().lines().count(), none.toString());
        assertTrue(none.stdout().contains("lo: <LOOPBACK,UP"), none.toString());

        String hostNs = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        DockerCli.Result host = docker.run("run", "--rm", "--network", "host", "busybox", "readlink", "/proc/self/ns/net");
        assertTrue(host.ok(), host.toString());
        assertEquals(hostNs, host.stdout().trim());
    }

    @Test
    void anUnknownNetworkFailsAtStartWith404AndLeavesNothing() {
        DockerCli.Result r = docker.run("run", "-d", "--name", "nw-unknown", "--network", "nosuchnet", "busybox", "true");
        made.add("nw-unknown");
        assertFalse(r.ok(), r.toString());
        assertTrue(r.stderr().contains("network nosuchnet not found"), r.toString());
        String id = made.inspect("nw-unknown", "{{.Id}}");
        assertEquals(List.of(), HostTraces.networkLeftovers(id));
    }

    @Test
    void rmLeavesNoVethNamespaceOrAddress() {
        String id = made.runDetached("busybox", "sleep", "300");
        String ip = made.inspect(id, "{{.NetworkSettings.IPAddress}}");
        assertFalse(HostTraces.networkLeftovers(id).isEmpty(), "a running container has its veth and namespace");
        DockerCli.Result rm = docker.run("rm", "-f", id);
        assertTrue(rm.ok(), rm.toString());
        made.remove(id);
        assertEquals(List.of(), HostTraces.networkLeftovers(id));
        // its address is free again: the next container may take it
        String next = made.runDetached("busybox", "sleep", "300");
        assertTrue(made.inspect(next, "{{.NetworkSettings.IPAddress}}").matches("10\\.87\\.\\d+\\.\\d+"), ip);
    }

    @Test
    void aPublishedPortAnswersOnTheHostsLoopbackAndIsRefusedToASecondContainer() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String web = made.runDetached("-p", "127.0.0.1:" + port + ":8080", "--expose", "81", "-P", "busybox",
                "httpd", "-f", "-p", "8080", "-h", "/etc");
        String page = HostTraces.exec(List.of("curl", "-s", "-m", "10", "http://127.0.0.1:" + port + "/hostname"));
        assertEquals(web.substring(0, 12), page.trim());

        DockerCli.Result ports = docker.run("port", web);
        assertTrue(ports.ok(), ports.toString());
        assertTrue(ports.stdout().contains("8080/tcp -> 127.0.0.1:" + port), ports.toString());
        assertTrue(ports.stdout().matches("(?s).*81/tcp -> 0\\.0\\.0\\.0:\\d+.*"), ports.toString());
        assertEquals("[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"" + port + "\"}]",
                made.inspect(web, "{{json (index .NetworkSettings.Ports \"8080/tcp\")}}"));
        DockerCli.Result ps = docker.run("ps", "--filter", "id=" + web, "--format", "{{.Ports}}");
        assertTrue(ps.stdout().contains("127.0.0.1:" + port + "->8080/tcp"), ps.toString());

        // the host port is the node's: the scheduler refuses the create, as no node has it free
        DockerCli.Result second = docker.run("run", "-d", "--name", "nw-port-clash", "-p", "127.0.0.1:" + port + ":8080",
                "busybox", "sleep", "60");
        assertEquals(125, second.exitCode(), second.toString());
        assertTrue(second.stderr().contains("Bind for 127.0.0.1:" + port + " failed: port is already allocated"),
                second.toString());
        DockerCli.Result none = docker.run("ps", "-a", "-q", "--filter", "name=nw-port-clash");
        assertTrue(none.ok() && none.stdout().isBlank(), "the refused container is not left behind: " + none);

        // a stopped container keeps its host port (as it keeps its reservation): a new one is still refused
        assertTrue(docker.run("stop", "-t", "1", web).ok());
        DockerCli.Result whileStopped = docker.run("run", "-d", "--name", "nw-port-clash", "-p", "0.0.0.0:" + port + ":80",
                "busybox", "sleep", "60");
        assertEquals(125, whileStopped.exitCode(), whileStopped.toString());
        assertTrue(whileStopped.stderr().contains("Bind for 0.0.0.0:" + port + " failed: port is already allocated"),
                whileStopped.toString());
        assertTrue(docker.run("start", web).ok(), "the stopped container gets its port back at start");
        assertEquals(web.substring(0, 12),
                HostTraces.exec(List.of("curl", "-s", "-m", "10", "http://127.0.0.1:" + port + "/hostname")).trim());
        // another address of the port is another port
        String other = made.runDetached("-p", "127.0.0.2:" + port + ":8080", "busybox", "sleep", "60");
        assertTrue(docker.run("port", other).stdout().contains("127.0.0.2:" + port), "127.0.0.2 shares the number");

        // stopped, the port answers no more (its rule went with the namespace); rm frees it for another
        assertTrue(docker.run("rm", "-f", web).ok());
        made.remove(web);
        String after = HostTraces.exec(List.of("sh", "-c", "curl -s -m 3 http://127.0.0.1:" + port + "/ || echo refused"));
        assertEquals("refused", after.trim());
        String again = made.runDetached("-p", "127.0.0.1:" + port + ":8080", "busybox", "httpd", "-f", "-p", "8080", "-h", "/etc");
        assertEquals(again.substring(0, 12),
                HostTraces.exec(List.of("curl", "-s", "-m", "10", "http://127.0.0.1:" + port + "/hostname")).trim());
    }
}
