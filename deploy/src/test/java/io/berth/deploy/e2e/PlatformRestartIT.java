package io.berth.deploy.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Volume data outlives the whole platform: on a control plane and an agent process, a file is written into a named
 * volume, every process is stopped and the platform started again on the same data roots, and a new container
 * reads the file back through the docker CLI; {@code volume ls} still lists the volume with its labels (its record
 * came back from the {@code volume-state} topic, not from the disk). A volume whose directory was deleted while the
 * platform was down comes back empty (the record wins). A tmpfs volume, still mounted on the host, keeps its data
 * across the restart and is not mounted twice. Nothing is left on the host afterwards.
 */
@E2e(E2e.Layout.SPLIT)
class PlatformRestartIT {
    private static SplitPlatform platform;
    private static DockerCli docker;

    private static DockerCli.Result ok(String... args) {
        DockerCli.Result r = docker.run(Duration.ofSeconds(90), args);
        assertTrue(r.ok(), r.toString());
        return r;
    }

    @Test
    void aNamedVolumesDataSurvivesAPlatformRestart() throws Exception {
        String kept = "pr-data";
        String lost = "pr-lost";
        String tmpfs = "pr-tmpfs";
        String tmpfsMount = null;
        try {
            ok("volume", "create", "--label", "suite=platform-restart", kept);
            ok("run", "--rm", "-v", kept + ":/data", "busybox", "sh", "-c", "echo durable > /data/f");
            ok("run", "--rm", "-v", lost + ":/data", "busybox", "sh", "-c", "echo gone > /data/f");
            ok("volume", "create", "--opt", "type=tmpfs", "--opt", "o=size=1m", tmpfs);
            ok("run", "--rm", "-v", tmpfs + ":/t", "busybox", "sh", "-c", "echo in-memory > /t/f");
            tmpfsMount = ok("volume", "inspect", "-f", "{{.Mountpoint}}", tmpfs).stdout().strip();
            String mountpoint = ok("volume", "inspect", "-f", "{{.Mountpoint}}", kept).stdout().strip();
            Path lostDir = Path.of(ok("volume", "inspect", "-f", "{{.Mountpoint}}", lost).stdout().strip()).getParent();

            long controlPid = platform.controlPid();
            long agentPid = platform.agentPid();
            platform.restart(() -> {
                try {
                    TempTree.delete(lostDir); // a volume's data deleted by hand while nothing ran
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
            });
            assertFalse(HostTraces.processAlive(controlPid) || HostTraces.processAlive(agentPid),
                    "every process of the first platform is gone");
            assertNotEquals(controlPid, platform.controlPid());
            assertTrue(Files.isRegularFile(Path.of(mountpoint, "f")), "the data stayed on the node's disk");

            assertTrue(Eventually.holds(Duration.ofSeconds(60),
                    () -> docker.run("volume", "ls", "-q").stdout().lines().anyMatch(kept::equals)),
                    "volume ls lists the volume after the restart: " + docker.run("volume", "ls"));
            assertEquals("map[suite:platform-restart]",
                    ok("volume", "inspect", "-f", "{{.Labels}}", kept).stdout().strip(),
                    "its record, labels and all, came back from the cluster's state");
            assertEquals(mountpoint, ok("volume", "inspect", "-f", "{{.Mountpoint}}", kept).stdout().strip());
            assertEquals("durable", ok("run", "--rm", "-v", kept + ":/d", "busybox", "cat", "/d/f").stdout().strip(),
                    "a new container reads what was written before the restart");
            // the host was not rebooted: the tmpfs stayed mounted, and the new agent uses it rather than mounting
            // another over it
            assertEquals("in-memory", ok("run", "--rm", "-v", tmpfs + ":/t", "busybox", "cat", "/t/f").stdout().strip());
            assertEquals(1, HostTraces.mounts(tmpfsMount).size(), HostTraces.mounts(tmpfsMount).toString());
            assertTrue(Eventually.holds(Duration.ofSeconds(10), () -> Files.isDirectory(lostDir.resolve("_data"))),
                    "the record wins: the volume whose directory was deleted is made again");
            assertEquals("", ok("run", "--rm", "-v", lost + ":/d", "busybox", "ls", "-A", "/d").stdout().strip(),
                    "empty");
        } finally {
            docker.run("volume", "rm", kept);
            docker.run("volume", "rm", lost);
            docker.run("volume", "rm", tmpfs);
        }
        if (tmpfsMount != null) {
            assertTrue(HostTraces.mounts(tmpfsMount).isEmpty(), "volume rm unmounted the tmpfs");
        }
        assertTrue(HostTraces.mounts("volumes/" + kept).isEmpty(), "no mount left");
    }
}
