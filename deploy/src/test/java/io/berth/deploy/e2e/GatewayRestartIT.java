package io.berth.deploy.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * History outlives the gateway: on a {@code --role core} process and a {@code --role gateway} process, a container
 * lives and is removed, the gateway process alone is killed with SIGKILL and started again, and
 * {@code docker events --since 10m --until 0s} still shows that life, each event naming the container and its
 * image, the destroy included; a container running across the restart is still listed and can be removed.
 */
@E2e(E2e.Layout.SPLIT_GATEWAY)
class GatewayRestartIT {
    private static SplitPlatform platform;
    private static DockerCli docker;
    private static MadeContainers made;

    @Test
    void eventsFromBeforeAGatewayRestartAreReplayedWithNames() {
        DockerCli.Result life = docker.run("run", "-d", "--name", "gr-life", "-l", "suite=gateway-restart", "busybox",
                "sh", "-c", "exit 3");
        assertTrue(life.ok(), life.toString());
        String lifeId = life.stdout().trim();
        made.add(lifeId);
        DockerCli.Result wait = docker.run("wait", "gr-life");
        assertEquals("3", wait.stdout().trim(), wait.toString());
        DockerCli.Result rm = docker.run("rm", "gr-life");
        assertTrue(rm.ok(), rm.toString());
        made.remove(lifeId);
        DockerCli.Result keeper = docker.run("run", "-d", "--name", "gr-keeper", "busybox", "sleep", "300");
        assertTrue(keeper.ok(), keeper.toString());
        String keeperId = keeper.stdout().trim();
        made.add(keeperId);

        long gatewayPid = platform.gatewayPid();
        platform.killGateway();
        assertFalse(HostTraces.processAlive(gatewayPid), "the gateway process is gone");
        DockerCli.Result down = docker.run("ps");
        assertEquals(1, down.exitCode(), "with the gateway down nothing answers on the socket: " + down);
        platform.startGateway();

        DockerCli.Result events = docker.run(Duration.ofSeconds(60), "events", "--since", "10m", "--until", "0s",
                "--filter", "container=gr-life", "--format",
                "{{.Type}} {{.Action}} {{.Actor.ID}} {{.Actor.Attributes.name}} {{.Actor.Attributes.image}} "
                        + "{{index .Actor.Attributes \"suite\"}}");
        assertTrue(events.ok(), events.toString());
        String tail = " gr-life busybox gateway-restart";
        assertEquals(List.of("container create " + lifeId + tail, "container start " + lifeId + tail,
                "container die " + lifeId + tail, "container destroy " + lifeId + tail),
                events.stdout().lines().toList(), events.toString());

        DockerCli.Result all = docker.run(Duration.ofSeconds(60), "events", "--since", "10m", "--until", "0s",
                "--format", "{{.Action}} {{.Actor.Attributes.name}}");
        assertTrue(all.ok(), all.toString());
        assertTrue(all.stdout().lines().toList().containsAll(List.of("destroy gr-life", "start gr-keeper")),
                all.toString());

        DockerCli.Result ps = docker.run("ps", "--filter", "name=gr-keeper", "--format", "{{.Names}} {{.Status}}");
        assertTrue(ps.ok(), ps.toString());
        assertTrue(ps.stdout().startsWith("gr-keeper Up "), "a container runs across the gateway restart: " + ps);
        DockerCli.Result rmKeeper = docker.run("rm", "-f", "gr-keeper");
        assertTrue(rmKeeper.ok(), rmKeeper.toString());
        made.remove(keeperId);
        assertTrue(HostTraces.mounts(keeperId).isEmpty(), "no mount left");
        assertTrue(HostTraces.cgroups(keeperId).isEmpty(), "no cgroup left");
    }
}
