package io.berth.deploy.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docker-compose's {@code depends_on: condition: service_healthy} waits on Berth's healthchecks: {@code web} turns
 * healthy only seconds after it starts (its check looks for a file it makes late), and {@code client}, which fetches
 * that file once, is started only after, so its single fetch succeeds.
 */
@E2e
class ComposeHealthIT {
    private static LaunchedPlatform platform;
    private static DockerCli docker;

    private static final String FILE = """
            version: "2.4"
            services:
              web:
                image: busybox
                init: true
                command: ["sh", "-c", "mkdir -p /www; (sleep 4; echo ready > /www/ready) & exec httpd -f -p 80 -h /www"]
                healthcheck:
                  test: ["CMD", "test", "-f", "/www/ready"]
                  interval: 1s
                  timeout: 2s
                  retries: 30
              client:
                image: busybox
                init: true
                depends_on:
                  web:
                    condition: service_healthy
                command:
                  - sh
                  - -c
                  - |
                    for i in $$(seq 1 30); do
                      nslookup web >/dev/null 2>&1 && break
                      sleep 1
                    done
                    echo "fetched $$(timeout 5 wget -qO- http://web/ready)"
                    exec sleep 300
            """;

    @Test
    void aServiceWaitsForItsDependencyToTurnHealthy() throws Exception {
        String project = "bh" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        Path dir = Files.createTempDirectory("berth-compose-health");
        Files.writeString(dir.resolve("docker-compose.yml"), FILE);
        try {
            ComposeCli.Result up = compose(dir, project, "up", "-d");
            assertEquals(0, up.code(), up.toString());
            String web = project + "_web_1";
            String client = project + "_client_1";
            assertEquals("healthy", docker.ok("inspect", "-f", "{{.State.Health.Status}}", web).stdout().trim(),
                    "up -d returns once the dependency is healthy");
            Instant webStarted = Instant.parse(docker.ok("inspect", "-f", "{{.State.StartedAt}}", web).stdout().trim());
            Instant clientStarted = Instant.parse(docker.ok("inspect", "-f", "{{.State.StartedAt}}", client)
                    .stdout().trim());
            assertTrue(Duration.between(webStarted, clientStarted).toMillis() >= 3_000,
                    "client started " + Duration.between(webStarted, clientStarted) + " after web, not after its health");
            assertTrue(Eventually.holds(Duration.ofSeconds(40), () -> compose(dir, project, "logs", "client").out()
                    .contains("fetched ready")), compose(dir, project, "logs", "client").toString());
            ComposeCli.Result down = compose(dir, project, "down", "-v", "-t", "1");
            assertEquals(0, down.code(), down.toString());
        } finally {
            compose(dir, project, "down", "-v", "-t", "1");
            Files.deleteIfExists(dir.resolve("docker-compose.yml"));
            Files.deleteIfExists(dir);
        }
    }

    private static ComposeCli.Result compose(Path dir, String project, String... args) {
        return ComposeCli.run(platform, dir, project, args);
    }
}
