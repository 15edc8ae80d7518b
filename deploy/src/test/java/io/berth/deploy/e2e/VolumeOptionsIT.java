package io.berth.deploy.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local driver's options through the docker CLI, proven on the host: {@code --opt type=tmpfs} is a tmpfs of
 * the asked size inside the container and at the volume's mountpoint on the node until {@code volume rm};
 * {@code type=none,o=bind,device=DIR} shows the host directory; a missing device fails the run with dockerd's words;
 * bad options are refused by name and leave no volume; {@code volume create} shows a Mountpoint at once.
 */
@E2e
class VolumeOptionsIT {
    private static DockerCli docker;
    private static MadeContainers made;
    private static Platform platform;
    private static Path scratch;

    @BeforeAll
    static void paths() throws Exception {
        scratch = made.scratch("berth-volume-options-it-");
    }

    private static DockerCli.Result ok(String... args) {
        return docker.ok(Duration.ofSeconds(90), args);
    }

    @Test
    void aTmpfsVolumeIsATmpfsOfItsSizeUntilItIsRemoved() {
        String v = made.volume("vo-tmpfs");
        ok("volume", "create", "--opt", "type=tmpfs", "--opt", "o=size=1m", v);
        assertEquals("map[o:size=1m type:tmpfs]", ok("volume", "inspect", "-f", "{{.Options}}", v).stdout().strip());
        String mountpoint = ok("volume", "inspect", "-f", "{{.Mountpoint}}", v).stdout().strip();
        assertTrue(HostTraces.mounts(mountpoint).isEmpty(), "nothing is mounted before the first use");

        String inside = ok("run", "--rm", "-v", v + ":/t", "busybox", "sh", "-c",
                "grep ' /t ' /proc/mounts; echo kept > /t/f").stdout();
        assertTrue(inside.startsWith("tmpfs /t tmpfs"), inside);
        assertTrue(inside.contains("size=1024k"), inside);
        List<String> host = HostTraces.mounts(mountpoint);
        assertEquals(1, host.size(), "one tmpfs at the mountpoint on the node: " + host);
        assertTrue(host.get(0).contains(" - tmpfs "), host.toString());
        assertEquals("kept", ok("run", "--rm", "-v", v + ":/t", "busybox", "cat", "/t/f").stdout().strip(),
                "the data lives while the volume is mounted");
        DockerCli.Result full = docker.run("run", "--rm", "-v", v + ":/t", "busybox", "dd", "if=/dev/zero",
                "of=/t/big", "bs=1k", "count=2048");
        assertFalse(full.ok(), "a 1 MiB tmpfs refuses 2 MiB: " + full);
        assertTrue(full.stderr().contains("No space left on device"), full.toString());

        ok("volume", "rm", v);
        made.volumeRemoved(v);
        assertTrue(HostTraces.mounts(mountpoint).isEmpty(), "volume rm unmounts it");
        assertFalse(Files.exists(Path.of(mountpoint).getParent()), "and deletes its directory");
    }

    @Test
    void aBindVolumeShowsTheHostDirectoryAndLeavesItOnRemoval() throws Exception {
        Path dir = Files.createDirectories(scratch.resolve("bind-device"));
        Files.writeString(dir.resolve("on-host"), "from-host\n");
        String v = made.volume("vo-bind");
        ok("volume", "create", "--opt", "type=none", "--opt", "o=bind", "--opt", "device=" + dir, v);
        String mountpoint = ok("volume", "inspect", "-f", "{{.Mountpoint}}", v).stdout().strip();
        String seen = ok("run", "--rm", "-v", v + ":/b", "busybox", "sh", "-c", "cat /b/on-host; echo w > /b/written")
                .stdout();
        assertEquals("from-host", seen.strip());
        assertEquals("w\n", Files.readString(dir.resolve("written")), "writes land in the device directory");
        assertEquals(1, HostTraces.mounts(mountpoint).size());

        ok("volume", "rm", v);
        made.volumeRemoved(v);
        assertTrue(HostTraces.mounts(mountpoint).isEmpty(), "volume rm unmounts the bind");
        assertTrue(Files.isRegularFile(dir.resolve("on-host")), "and leaves the host directory's content alone");
    }

    @Test
    void aReadOnlyBindVolumeRefusesWrites() throws Exception {
        Path dir = Files.createDirectories(scratch.resolve("ro-device"));
        String v = made.volume("vo-bind-ro");
        ok("volume", "create", "--opt", "type=none", "--opt", "o=bind,ro", "--opt", "device=" + dir, v);
        DockerCli.Result write = docker.run("run", "--rm", "-v", v + ":/b", "busybox", "touch", "/b/x");
        assertTrue(write.stderr().contains("Read-only file system"), write.toString());
        assertFalse(Files.exists(dir.resolve("x")));
    }

    @Test
    void aMissingBindDeviceFailsTheRunWithDockerdsWords() {
        Path absent = scratch.resolve("absent-device");
        String v = made.volume("vo-bind-missing");
        ok("volume", "create", "--opt", "type=none", "--opt", "o=bind", "--opt", "device=" + absent, v);
        DockerCli.Result run = docker.run("run", "--rm", "--name", "vo-missing-run", "-v", v + ":/b", "busybox", "true");
        assertFalse(run.ok(), run.toString());
        assertTrue(run.stderr().contains("failed to mount local volume: mount " + absent + ":")
                && run.stderr().contains("no such file or directory"), run.toString());
        String mountpoint = ok("volume", "inspect", "-f", "{{.Mountpoint}}", v).stdout().strip();
        assertTrue(HostTraces.mounts(mountpoint).isEmpty(), "nothing mounted");
        assertEquals("", ok("ps", "-aq", "--filter", "name=vo-missing-run").stdout().strip(), "no container left");
    }

    @Test
    void badOptionsAreRefusedByNameAndLeaveNoVolume() {
        String[][] bad = {
                {"--opt", "colour=red"}, {"--opt", "type=tmpfs", "--opt", "o=size=lots"},
                {"--opt", "o=size=1m"}, {"--opt", "type=none", "--opt", "device=/tmp"},
                {"--opt", "type=none", "--opt", "o=bind", "--opt", "device=relative"},
                {"--opt", "size=10G"}, {"--opt", "type=tmpfs", "--opt", "o=shared"}};
        String[] named = {"\"colour\"", "size=lots", "\"type\"", "o=bind", "device=relative", "\"size\"", "\"shared\""};
        for (int i = 0; i < bad.length; i++) {
            List<String> args = new ArrayList<>(List.of("volume", "create"));
            args.addAll(List.of(bad[i]));
            args.add("vo-bad");
            DockerCli.Result r = docker.run(args.toArray(String[]::new));
            assertFalse(r.ok(), r.toString());
            assertTrue(r.stderr().contains(named[i]), "names " + named[i] + ": " + r);
        }
        assertFalse(ok("volume", "ls", "-q").stdout().lines().anyMatch("vo-bad"::equals), "no volume left");
    }

    @Test
    void aCreatedVolumeHasItsMountpointBeforeAnyContainerUsesIt() {
        String v = made.volume("vo-placed");
        ok("volume", "create", v);
        String mountpoint = ok("volume", "inspect", "-f", "{{.Mountpoint}}", v).stdout().strip();
        assertEquals(platform.root().resolve("data/nodes").resolve(platform.nodeId()).resolve("volumes")
                .resolve(v).resolve("_data").toString(), mountpoint);
        assertTrue(Files.isDirectory(Path.of(mountpoint)), "the node made it at once");
        // Berth's Node key, which the CLI drops: asked over the socket as any client may
        String raw = HostTraces.exec(List.of("curl", "-sS", "--unix-socket", platform.socket().toString(),
                "http://berth/volumes/" + v));
        assertTrue(raw.contains("\"Node\":\"" + platform.nodeId() + "\""), raw);
    }

    @Test
    void aMountedVolumeInUseCannotBeRemovedAndPruneAllUnmountsIt() {
        String v = made.volume("vo-prune");
        ok("volume", "create", "--label", "vo=prune", "--opt", "type=tmpfs", "--opt", "o=size=2m", v);
        String mountpoint = ok("volume", "inspect", "-f", "{{.Mountpoint}}", v).stdout().strip();
        String holder = made.runDetached("-v", v + ":/t", "-v", "/anon", "busybox", "sleep", "300");
        String anon = made.inspect(holder, "{{range .Mounts}}{{if eq .Destination \"/anon\"}}{{.Name}}{{end}}{{end}}");
        DockerCli.Result inUse = docker.run("volume", "rm", "-f", v);
        assertTrue(inUse.stderr().contains("remove " + v + ": volume is in use - [" + holder + "]"), inUse.toString());
        assertEquals(1, HostTraces.mounts(mountpoint).size(), "still mounted while in use");

        ok("rm", "-f", "-v", holder);
        made.remove(holder);
        String listed = ok("volume", "ls", "-q").stdout();
        assertFalse(listed.lines().anyMatch(anon::equals), "rm -v takes the anonymous volume");
        assertTrue(listed.lines().anyMatch(v::equals), "and leaves the named one");
        assertEquals(1, HostTraces.mounts(mountpoint).size(), "which stays mounted: a tmpfs volume's data lives on");
        assertFalse(ok("volume", "prune", "-f").stdout().contains(v), "prune without -a keeps named volumes");

        assertTrue(ok("volume", "prune", "-a", "-f", "--filter", "label=vo=prune").stdout().contains(v));
        made.volumeRemoved(v);
        assertTrue(HostTraces.mounts(mountpoint).isEmpty(), "prune -a unmounts it");
        assertTrue(HostTraces.mounts("volumes/" + v + "/").isEmpty(), "nothing of it in the mount table");
        assertFalse(Files.exists(Path.of(mountpoint).getParent()));
    }
}
