package io.berth.deploy.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

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
        try (ComposeProject app = ComposeProject.write(platform, "bh", FILE)) {
            String project = app.name();
            ComposeCli.Result up = app.run("up", "-d");
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
            assertTrue(Eventually.holds(Duration.ofSeconds(40), () -> app.run("logs", "client").out()
                    .contains("fetched ready")), app.run("logs", "client").toString());
            ComposeCli.Result down = app.run("down", "-v", "-t", "1");
            assertEquals(0, down.code(), down.toString());
        }
    }
}
