package io.berth.deploy.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user-defined network survives a SIGKILLed node agent: its containers keep running on its bridge, and the next
 * agent takes the bridge back with its DNS server, so names resolve again (on a container's second network too);
 * removing the network afterwards still takes the bridge and its rules off the host, and the container its veths.
 */
@E2e(E2e.Layout.SPLIT)
class NetworkAdoptionIT {
    private static SplitPlatform platform;
    private static DockerCli docker;
    private static MadeContainers made;

    @Test
    void theNextAgentServesTheNetworksNamesAgain() {
        String net = "adopt-net";
        String back = "adopt-back";
        try {
            docker.ok("network", "create", net);
            docker.ok("network", "create", back);
            String web = made.runDetached("--name", "adopt-web", "--network", net, "--network-alias", "api", "busybox",
                    "httpd", "-f", "-p", "80", "-h", "/etc");
            String db = made.runDetached("--name", "adopt-db", "--network", back, "busybox", "httpd", "-f", "-p", "80",
                    "-h", "/etc");
            docker.ok("network", "connect", back, web);
            String shortId = web.substring(0, 12);
            assertEquals(shortId, fetch(net, "api"));

            platform.killAgent();
            platform.startAgent();

            // asked from inside the running container, before any new container could bring the network up again:
            // only the adoption at agent start serves the name
            assertTrue(Eventually.holds(Duration.ofSeconds(30), () -> shortId.equals(docker.run("exec", web, "sh", "-c",
                    "timeout 5 wget -qO- http://api/hostname").stdout().trim())),
                    "names resolve once the next agent runs: " + docker.run("exec", web, "nslookup", "api"));
            assertEquals(shortId, fetch(net, "adopt-web"));
            // its second network's interface and names were kept too
            assertEquals(db.substring(0, 12), docker.run("exec", web, "sh", "-c",
                    "timeout 5 wget -qO- http://adopt-db/hostname").stdout().trim());
            assertEquals(shortId, fetch(back, "adopt-web"));

            String id = docker.ok("network", "inspect", "-f", "{{.Id}}", net).stdout().trim();
            String device = HostTraces.exec(List.of("ip", "-o", "link")).lines()
                    .filter(l -> l.matches("\\d+: bn[0-9a-f]{6}" + id.substring(0, 6) + ":.*")).findFirst()
                    .map(l -> l.split(":")[1].trim()).orElseThrow(() -> new AssertionError("no bridge for " + net));
            assertTrue(docker.run("rm", "-f", web, db).ok());
            made.remove(web);
            made.remove(db);
            docker.ok("network", "rm", net, back);
            assertFalse(HostTraces.exec(List.of("ip", "-o", "link")).matches("(?s).*\\bb[vy][0-9a-f]{6}"
                    + web.substring(0, 6) + "\\d?\\b.*"), "a veth of web left");
            assertTrue(Eventually.holds(Duration.ofSeconds(10),
                    () -> !HostTraces.exec(List.of("ip", "-o", "link")).contains(device + ":")), "bridge left");
            assertFalse(HostTraces.exec(List.of("nft", "list", "ruleset")).contains(device), "rules left");
        } finally {
            made.removeAll();
            docker.run("network", "rm", net, back);
        }
    }

    private static String fetch(String net, String name) {
        DockerCli.Result r = docker.run("run", "--rm", "--network", net, "busybox", "sh", "-c",
                "timeout 5 wget -qO- http://" + name + "/hostname");
        return r.stdout().trim();
    }
}
