package io.berth.deploy.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Persistent data through the docker CLI, proven on the host: named volumes outlive their containers, read-only
 * is enforced for volumes and binds, a bind's writes land on the host, tmpfs is a real tmpfs, anonymous volumes
 * go with {@code rm -v}, a used volume cannot be removed, copy-up fills a fresh volume, and nothing is left on
 * disk afterwards. Unsupported create fields are refused by name.
 */
@E2e
class VolumesIT {
    private static DockerCli docker;
    private static MadeContainers made;
    private static Platform platform;
    private static Path volumes;
    private static Path scratch;

    @BeforeAll
    static void paths() throws Exception {
        volumes = platform.root().resolve("data").resolve("nodes").resolve(platform.nodeId()).resolve("volumes");
        scratch = made.scratch("berth-volumes-it-");
    }

    private static DockerCli.Result ok(String... args) {
        return docker.ok(Duration.ofSeconds(90), args);
    }

    @Test
    void aNamedVolumeOutlivesItsContainerAndIsRemovedCleanly() {
        String v = made.volume("vit-data");
        ok("run", "--name", "vit-writer", "-v", v + ":/data", "busybox", "sh", "-c", "echo persisted > /data/f");
        ok("rm", "vit-writer");
        assertEquals("persisted", ok("run", "--rm", "-v", v + ":/d", "busybox", "cat", "/d/f").stdout().strip());
        String mountpoint = ok("volume", "inspect", "-f", "{{.Mountpoint}}", v).stdout().strip();
        assertTrue(Files.isRegularFile(Path.of(mountpoint, "f")), "the data is on the node's disk at " + mountpoint);
        assertTrue(ok("volume", "ls", "-q", "--filter", "name=vit-").stdout().contains(v));

        String holder = made.runDetached("-v", v + ":/data", "busybox", "sleep", "300");
        DockerCli.Result inUse = docker.run("volume", "rm", "-f", v);
        assertFalse(inUse.ok());
        assertTrue(inUse.stderr().contains("remove " + v + ": volume is in use - [" + holder + "]"), inUse.toString());
        ok("rm", "-f", holder);
        made.remove(holder);
        ok("volume", "rm", v);
        assertFalse(Files.exists(volumes.resolve(v)), "no directory left after volume rm");
        DockerCli.Result gone = docker.run("volume", "inspect", v);
        assertTrue(gone.stderr().contains("get " + v + ": no such volume"), gone.toString());
    }

    @Test
    void readOnlyRefusesWritesForVolumesAndBinds() throws Exception {
        String v = made.volume("vit-ro");
        ok("volume", "create", "--label", "team=it", v);
        DockerCli.Result vol = docker.run("run", "--rm", "-v", v + ":/data:ro", "busybox", "touch", "/data/x");
        assertFalse(vol.ok());
        assertTrue(vol.stderr().contains("Read-only file system"), vol.toString());
        Path host = Files.createDirectories(scratch.resolve("ro"));
        DockerCli.Result bind = docker.run("run", "--rm", "--mount",
                "type=bind,src=" + host + ",dst=/h,readonly", "busybox", "touch", "/h/x");
        assertTrue(bind.stderr().contains("Read-only file system"), bind.toString());
        assertFalse(Files.exists(host.resolve("x")));
        assertTrue(ok("volume", "ls", "-q", "--filter", "label=team=it").stdout().contains(v));
    }

    @Test
    void aBindMountsWritesLandOnTheHostAndAMissingSourceIsMade() throws Exception {
        Path host = Files.createDirectories(scratch.resolve("bind"));
        Files.writeString(host.resolve("in"), "from-host\n");
        DockerCli.Result r = ok("run", "--rm", "-v", host + ":/h", "busybox", "sh", "-c",
                "cat /h/in; echo from-container > /h/out");
        assertEquals("from-host", r.stdout().strip());
        assertEquals("from-container\n", Files.readString(host.resolve("out")));
        Path missing = scratch.resolve("made-by-v");
        ok("run", "--rm", "-v", missing + ":/m", "busybox", "true");
        assertTrue(Files.isDirectory(missing), "-v makes a missing source directory");
        DockerCli.Result refused = docker.run("run", "--rm", "--mount",
                "type=bind,src=" + scratch.resolve("absent") + ",dst=/m", "busybox", "true");
        assertFalse(refused.ok());
        assertTrue(refused.stderr().contains("bind source path does not exist: " + scratch.resolve("absent")),
                refused.toString());
    }

    @Test
    void aSymlinkedTargetStaysInsideTheContainer() throws Exception {
        // an image whose /escape -> /: a bind onto /escape/<x> must land on the container's /<x>, never the host's
        Path rootfs = Files.createDirectories(scratch.resolve("symroot/bin"));
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("busybox"));
        Files.createSymbolicLink(rootfs.resolve("sh"), Path.of("busybox"));
        Files.createSymbolicLink(rootfs.resolve("ls"), Path.of("busybox"));
        Files.createSymbolicLink(rootfs.getParent().resolve("escape"), Path.of("/"));
        Path tar = scratch.resolve("sym.tar");
        Process p = new ProcessBuilder("tar", "-C", rootfs.getParent().toString(), "-cf", tar.toString(), ".")
                .inheritIO().start();
        assertEquals(0, p.waitFor());
        ok("import", "-c", "CMD [\"/bin/sh\"]", tar.toString(), "vit-symlinked:1");
        try {
            Path host = Files.createDirectories(scratch.resolve("sym-src"));
            Files.writeString(host.resolve("marker"), "m\n");
            String name = "vit-pwn-" + ProcessHandle.current().pid();
            String seen = ok("run", "--rm", "-v", host + ":/escape/tmp/" + name, "vit-symlinked:1",
                    "ls", "/tmp/" + name).stdout();
            assertTrue(seen.contains("marker"), "the bind is at the container's /tmp/" + name + ": " + seen);
            assertFalse(Files.exists(Path.of("/tmp", name)), "nothing was made on the host's /tmp");
        } finally {
            docker.run("rmi", "-f", "vit-symlinked:1");
        }
    }

    @Test
    void tmpfsShowsInProcMounts() {
        String mounts = ok("run", "--rm", "--tmpfs", "/t:size=1m,mode=1777", "busybox", "grep", " /t ", "/proc/mounts")
                .stdout();
        assertTrue(mounts.startsWith("tmpfs /t tmpfs"), mounts);
        assertTrue(mounts.contains("size=1024k") && mounts.contains("noexec"), mounts);
        String viaMount = ok("run", "--rm", "--mount", "type=tmpfs,dst=/m", "busybox", "grep", " /m ",
                "/proc/mounts").stdout();
        assertTrue(viaMount.startsWith("tmpfs /m tmpfs"), viaMount);
    }

    @Test
    void anAnonymousVolumeShowsInInspectAndGoesWithRmV() {
        String id = made.runDetached("-v", "/anon", "busybox", "sleep", "300");
        String name = made.inspect(id, "{{range .Mounts}}{{.Type}} {{.Name}} {{.Destination}} {{.RW}}{{end}}");
        String[] f = name.split(" ");
        assertEquals("volume", f[0]);
        assertEquals(64, f[1].length());
        assertEquals("/anon true", f[2] + " " + f[3]);
        assertTrue(ok("volume", "ls", "-q").stdout().contains(f[1]));
        ok("rm", "-f", "-v", id);
        made.remove(id);
        assertFalse(ok("volume", "ls", "-q").stdout().contains(f[1]), "rm -v removes the anonymous volume");
        assertFalse(Files.exists(volumes.resolve(f[1])), "and its directory");
    }

    @Test
    void copyUpFillsAFreshVolumeFromTheImage() {
        String v = made.volume("vit-copyup");
        ok("run", "--rm", "-v", v + ":/etc", "busybox", "true");
        String listed = ok("run", "--rm", "-v", v + ":/x", "busybox", "ls", "/x").stdout();
        assertTrue(listed.contains("passwd"), "the image's /etc was copied into the new volume: " + listed);
    }

    @Test
    void pruneTakesUnusedAnonymousVolumesAndWithAllNamedOnes() {
        String v = made.volume("vit-prune");
        ok("volume", "create", v);
        String id = made.runDetached("-v", "/anon2", "busybox", "true");
        String anon = made.inspect(id, "{{range .Mounts}}{{.Name}}{{end}}");
        ok("wait", id); // `true` may still be running when run -d returns; rm without -f refuses a running one
        ok("rm", id);
        made.remove(id);
        String pruned = ok("volume", "prune", "-f").stdout();
        assertTrue(pruned.contains(anon), pruned);
        assertTrue(ok("volume", "ls", "-q").stdout().contains(v), "a named volume survives prune without -a");
        assertTrue(ok("volume", "prune", "-a", "-f", "--filter", "label!=keep").stdout().contains(v));
        assertFalse(Files.exists(volumes.resolve(anon)));
    }

    @Test
    void anUnsupportedHostConfigFieldIsRefusedByName() {
        DockerCli.Result r = docker.run("run", "--rm", "--device", "/dev/fuse", "busybox", "true");
        assertEquals(125, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("HostConfig.Devices (--device)"), r.toString());
        // --dns is honoured since the networks merge; --ulimit is not
        DockerCli.Result ulimit = docker.run("create", "--ulimit", "nofile=64:64", "busybox", "true");
        assertEquals(1, ulimit.exitCode(), ulimit.toString()); // docker create exits 1 on a daemon error, run 125
        assertTrue(ulimit.stderr().contains("HostConfig.Ulimits"), ulimit.toString());
    }
}
