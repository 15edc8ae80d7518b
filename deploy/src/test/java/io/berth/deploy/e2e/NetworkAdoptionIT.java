package io.berth.deploy.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user-defined network survives a SIGKILLed node agent: its containers keep running on its bridge, and the next
 * agent takes the bridge back with its DNS server, so names resolve again; removing the network afterwards still
 * takes the bridge and its rules off the host.
 */
@E2e(E2e.Layout.SPLIT)
class NetworkAdoptionIT {
    private static SplitPlatform platform;
    private static DockerCli docker;
    private static MadeContainers made;

    @Test
    void theNextAgentServesTheNetworksNamesAgain() {
        String net = "adopt-net";
        try {
            docker.ok("network", "create", net);
            String web = made.runDetached("--name", "adopt-web", "--network", net, "--network-alias", "api", "busybox",
                    "httpd", "-f", "-p", "80", "-h", "/etc");
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

            String id = docker.ok("network", "inspect", "-f", "{{.Id}}", net).stdout().trim();
            String device = HostTraces.exec(List.of("ip", "-o", "link")).lines()
                    .filter(l -> l.matches("\\d+: bn[0-9a-f]{6}" + id.substring(0, 6) + ":.*")).findFirst()
                    .map(l -> l.split(":")[1].trim()).orElseThrow(() -> new AssertionError("no bridge for " + net));
            assertTrue(docker.run("rm", "-f", web).ok());
            made.remove(web);
            docker.ok("network", "rm", net);
            assertTrue(Eventually.holds(Duration.ofSeconds(10),
                    () -> !HostTraces.exec(List.of("ip", "-o", "link")).contains(device + ":")), "bridge left");
            assertFalse(HostTraces.exec(List.of("nft", "list", "ruleset")).contains(device), "rules left");
        } finally {
            made.removeAll();
            docker.run("network", "rm", net);
        }
    }

    private static String fetch(String net, String name) {
        DockerCli.Result r = docker.run("run", "--rm", "--network", net, "busybox", "sh", "-c",
                "timeout 5 wget -qO- http://" + name + "/hostname");
        return r.stdout().trim();
    }
}
