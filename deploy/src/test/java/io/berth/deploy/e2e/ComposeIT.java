package io.berth.deploy.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Debian's docker-compose 1.29 (docker-py) against the gateway: a two-service app on the project's default network,
 * where {@code client} fetches {@code web}'s page by its service name, web publishes it on the host's loopback and
 * both mount one named volume; {@code up -d}, {@code ps}, {@code logs}, then {@code down -v} leaves no container,
 * network, volume, bridge, veth, namespace or rule behind.
 */
@E2e
class ComposeIT {
    private static LaunchedPlatform platform;
    private static DockerCli docker;

    /** {@code %d}: the host port web's page is published on (loopback only). */
    private static final String FILE = """
            version: "3.8"
            services:
              web:
                image: busybox
                init: true
                ports: ["127.0.0.1:%d:80"]
                volumes: ["site:/www"]
                command: ["sh", "-c", "echo hello-from-web > /www/index.html && exec httpd -f -p 80 -h /www"]
              client:
                image: busybox
                init: true
                depends_on: [web]
                volumes: ["site:/site:ro"]
                command:
                  - sh
                  - -c
                  - |
                    for i in $$(seq 1 30); do
                      if timeout 5 wget -qO- http://web/; then echo "web is $$(nslookup web | grep -A1 '^Name:' | tail -1)"; break; fi
                      sleep 1
                    done
                    echo "volume has $$(cat /site/index.html)"
                    exec sleep 300
            volumes:
              site: {}
            """;

    @Test
    void upPsLogsAndDownOfATwoServiceAppThatFindsItsPeerByName() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (ComposeProject app = ComposeProject.write(platform, "bc", FILE.formatted(port))) {
            String project = app.name();
            ComposeCli.Result up = app.run("up", "-d");
            assertEquals(0, up.code(), up.toString());

            String networkId = docker.ok("network", "inspect", "-f", "{{.Id}}", project + "_default").stdout().trim();
            assertEquals("{\"com.docker.compose.network\":\"default\",\"com.docker.compose.project\":\"" + project
                    + "\",\"com.docker.compose.version\":\"1.29.2\"}",
                    docker.ok("network", "inspect", "-f", "{{json .Labels}}", project + "_default").stdout().trim());
            String web = project + "_web_1";
            assertEquals(project + "_default", docker.ok("inspect", "-f", "{{.HostConfig.NetworkMode}}", web).stdout().trim());

            assertTrue(Eventually.holds(Duration.ofSeconds(40), () -> app.run("logs", "client").out()
                    .contains("hello-from-web")), app.run("logs", "client").toString());
            String webIp = docker.ok("inspect", "-f", "{{(index .NetworkSettings.Networks \"" + project
                    + "_default\").IPAddress}}", web).stdout().trim();
            assertTrue(app.run("logs", "client").out().contains("web is Address: " + webIp));
            assertTrue(Eventually.holds(Duration.ofSeconds(10), () -> app.run("logs", "client").out()
                    .contains("volume has hello-from-web")), app.run("logs", "client").toString());
            // published on the host's loopback from the project's network
            assertEquals("hello-from-web", HostTraces.exec(List.of("curl", "-s", "-m", "10",
                    "http://127.0.0.1:" + port + "/")).trim());

            ComposeCli.Result ps = app.run("ps");
            assertEquals(0, ps.code(), ps.toString());
            assertEquals(2, ps.out().lines().filter(l -> l.startsWith(project + "_") && l.contains(" Up")).count(),
                    ps.toString());

            String device = HostTraces.exec(List.of("ip", "-o", "link")).lines()
                    .filter(l -> l.matches("\\d+: bn[0-9a-f]{6}" + networkId.substring(0, 6) + ":.*")).findFirst()
                    .map(l -> l.split(":")[1].trim()).orElseThrow(() -> new AssertionError("no bridge for the project"));

            ComposeCli.Result ids = app.run("ps", "-q");
            List<String> containers = ids.out().lines().filter(l -> l.matches("[0-9a-f]{64}")).toList();
            assertEquals(2, containers.size(), ids.toString());

            ComposeCli.Result down = app.run("down", "-v");
            assertEquals(0, down.code(), down.toString());
            assertEquals("", docker.ok("ps", "-aq", "--filter", "label=com.docker.compose.project=" + project).stdout().trim());
            assertEquals("", docker.ok("network", "ls", "-q", "--filter", "name=" + project).stdout().trim());
            assertEquals("", docker.ok("volume", "ls", "-q", "--filter", "name=" + project).stdout().trim());
            assertEquals("refused", HostTraces.exec(List.of("sh", "-c", "curl -s -m 3 http://127.0.0.1:" + port
                    + "/ || echo refused")).trim());
            assertTrue(Eventually.holds(Duration.ofSeconds(10),
                    () -> !HostTraces.exec(List.of("ip", "-o", "link")).contains(device)), "bridge " + device + " left");
            assertFalse(HostTraces.exec(List.of("nft", "list", "ruleset")).contains(device), "rules of " + device + " left");
            String links = HostTraces.exec(List.of("ip", "-o", "link"));
            String namespaces = HostTraces.exec(List.of("ip", "netns", "list"));
            for (String id : containers) {
                // the container's veth (bv<tag><6 of its id>) and namespace (berth-<tag>-<12 of its id>)
                assertFalse(links.matches("(?s).*\\bbv[0-9a-f]{6}" + id.substring(0, 6) + "\\b.*"), links);
                assertFalse(namespaces.contains(id.substring(0, 12)), namespaces);
            }
        }
    }

    /** Frontend and backend networks: {@code mid} is on both, {@code web} on the front only, {@code db} on the back. */
    private static final String TWO_NETWORKS = """
            version: "3.8"
            services:
              web:
                image: busybox
                init: true
                networks: [front]
                command: ["sh", "-c", "echo page-of-web > /tmp/index.html && exec httpd -f -p 80 -h /tmp"]
              db:
                image: busybox
                init: true
                networks: [back]
                command: ["sh", "-c", "echo page-of-db > /tmp/index.html && exec httpd -f -p 80 -h /tmp"]
              mid:
                image: busybox
                init: true
                depends_on: [web, db]
                networks:
                  front: {}
                  back:
                    aliases: [api]
                command: ["sleep", "300"]
            networks:
              front: {}
              back: {}
            """;

    @Test
    void aServiceOnTwoNetworksReachesBothByServiceNameAndTheOthersOnlyTheirOwn() throws Exception {
        try (ComposeProject app = ComposeProject.write(platform, "bn", TWO_NETWORKS)) {
            String project = app.name();
            ComposeCli.Result up = app.run("up", "-d");
            assertEquals(0, up.code(), up.toString());
            String mid = project + "_mid_1";
            String web = project + "_web_1";
            String networks = docker.ok("inspect", "-f",
                    "{{range $k, $v := .NetworkSettings.Networks}}{{$k}}={{$v.IPAddress}} {{end}}", mid).stdout().trim();
            assertTrue(networks.contains(project + "_front=10.") && networks.contains(project + "_back=10."), networks);

            DockerCli.Result both = docker.run("exec", mid, "sh", "-c", "ip -o -4 addr; for n in web db; do "
                    + "for i in $(seq 1 20); do timeout 5 wget -qO- http://$n/ && break; sleep 1; done; done");
            assertTrue(both.ok(), both.toString());
            assertTrue(both.stdout().contains("page-of-web") && both.stdout().contains("page-of-db"), both.toString());
            assertTrue(both.stdout().contains("eth0") && both.stdout().contains("eth1"), both.toString());
            DockerCli.Result fromDb = docker.run("exec", project + "_db_1", "sh", "-c", "nslookup api && nslookup mid");
            assertTrue(fromDb.ok(), "db finds mid by its alias and service name on back: " + fromDb);

            DockerCli.Result isolated = docker.run("exec", web, "sh", "-c",
                    "timeout 5 wget -qO- http://db/ || echo no-db; nslookup mid | grep -A1 '^Name:'");
            assertTrue(isolated.stdout().contains("no-db"), isolated.toString());
            assertTrue(isolated.stderr().contains("bad address 'db'"), isolated.toString());
            String midOnFront = docker.ok("inspect", "-f", "{{(index .NetworkSettings.Networks \"" + project
                    + "_front\").IPAddress}}", mid).stdout().trim();
            assertTrue(isolated.stdout().contains("Address: " + midOnFront), "web sees mid on front: " + isolated);

            ComposeCli.Result ids = app.run("ps", "-q");
            List<String> containers = ids.out().lines().filter(l -> l.matches("[0-9a-f]{64}")).toList();
            assertEquals(3, containers.size(), ids.toString());

            ComposeCli.Result down = app.run("down");
            assertEquals(0, down.code(), down.toString());
            assertEquals("", docker.ok("ps", "-aq", "--filter", "label=com.docker.compose.project=" + project).stdout().trim());
            assertEquals("", docker.ok("network", "ls", "-q", "--filter", "name=" + project).stdout().trim());
            String links = HostTraces.exec(List.of("ip", "-o", "link"));
            String namespaces = HostTraces.exec(List.of("ip", "netns", "list"));
            for (String id : containers) {
                // every veth of the container (bv… for eth0, by…<n> for eth<n>) and its namespace went
                assertFalse(links.matches("(?s).*\\bb[vy][0-9a-f]{6}" + id.substring(0, 6) + "\\d?\\b.*"), links);
                assertFalse(namespaces.contains(id.substring(0, 12)), namespaces);
            }
        }
    }
}
