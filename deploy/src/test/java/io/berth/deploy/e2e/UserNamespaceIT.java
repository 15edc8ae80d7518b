package io.berth.deploy.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every container in a user namespace of its own, through the docker CLI: its root is an unprivileged host user
 * from a range of 65,536 ids no other container has; image files, volumes and bind mounts show their real owners
 * inside (idmapped mounts); {@code docker exec} joins the same namespace; {@code docker cp} and {@code docker
 * commit} see the container's ids; {@code --userns=host} and {@code --privileged} opt out; {@code docker info}
 * says so; any other {@code --userns} is a 400.
 */
@E2e
class UserNamespaceIT {
    private static final String IDENTITY = "0 0 4294967295";

    private static DockerCli docker;
    private static OpsCurl curl;
    private static MadeContainers made;
    private static Path local;
    private final List<String> images = new ArrayList<>();

    @BeforeAll
    static void root() throws Exception {
        RootRequirement.check();
        local = made.scratch("berth-userns");
    }

    @org.junit.jupiter.api.AfterEach
    void removeImages() {
        images.forEach(i -> docker.run("rmi", "-f", i));
    }

    /** The uid_map line of a process: inside id, host id, count. */
    private static long[] map(String uidMap) {
        String[] f = uidMap.trim().split("\\s+");
        assertEquals(3, f.length, "one line: " + uidMap);
        return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])};
    }

    @Test
    void eachContainerHasItsOwnDisjointRangeAndTheHostSeesAnUnprivilegedRoot() throws Exception {
        String a = made.runDetached("busybox", "sleep", "300");
        String b = made.runDetached("busybox", "sleep", "300");
        long[] ma = map(docker.out("exec", a, "cat", "/proc/self/uid_map"));
        long[] mb = map(docker.out("exec", b, "cat", "/proc/self/uid_map"));
        assertEquals(0, ma[0]);
        assertEquals(65536, ma[2]);
        assertNotEquals(0, ma[1], "not the identity map");
        assertTrue(ma[1] + ma[2] <= mb[1] || mb[1] + mb[2] <= ma[1], "disjoint: " + ma[1] + " and " + mb[1]);
        assertEquals(docker.out("exec", a, "cat", "/proc/1/uid_map"), docker.out("exec", a, "cat", "/proc/self/uid_map"),
                "an exec joins the container's user namespace");
        assertEquals(docker.out("exec", a, "cat", "/proc/self/gid_map").trim().split("\\s+")[1], Long.toString(ma[1]));

        String pid = made.inspect(a, "{{.State.Pid}}");
        String uidLine = Files.readAllLines(Path.of("/proc", pid, "status")).stream()
                .filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
        assertEquals(Long.toString(ma[1]), uidLine.split("\\s+")[1], "PID 1 runs as the range's base on the host");
        assertEquals("0", docker.out("exec", a, "id", "-u"), "root inside");
        assertTrue(docker.out("exec", a, "grep", "CapEff", "/proc/self/status").contains("a80425fb"),
                "Docker's 14 capabilities, in its own namespace");
    }

    @Test
    void imageFilesAndTheAgentsOwnFilesShowTheirOwners() {
        String id = made.runDetached("busybox", "sleep", "300");
        assertEquals("0:0", docker.out("exec", id, "stat", "-c", "%u:%g", "/bin/busybox"));
        assertEquals("0:0", docker.out("exec", id, "stat", "-c", "%u:%g", "/"));
        assertEquals("0:0", docker.out("exec", id, "stat", "-c", "%u:%g", "/etc/hosts"));
        assertEquals("0:0", docker.out("exec", id, "stat", "-c", "%u:%g", "/dev"));
        // /proc and /sys belong to the host's root, which no user namespace maps: "nobody" there, as under runc
        String listing = docker.out("exec", id, "sh", "-c", "ls -ln / | grep -v -e ' proc$' -e ' sys$'");
        assertFalse(listing.contains("65534"), "no unmapped owner in /: " + listing);
        docker.out("exec", id, "sh", "-c", "echo x >> /etc/hosts && touch /new && chown 1000:1000 /new");
        assertEquals("1000:1000", docker.out("exec", "--user", "1000:1000", id, "stat", "-c", "%u:%g", "/new"));
        assertEquals("1000", docker.out("exec", "--user", "1000:1000", id, "id", "-u"));
        assertEquals("0", docker.out("run", "--rm", "--tmpfs", "/scratch", "busybox", "stat", "-c", "%u",
                "/scratch"), "a tmpfs is the container root's");
    }

    @Test
    void aVolumeIsSharedByContainersOfDifferentRanges() {
        String vol = made.volume("berth-userns-vol");
        docker.out("run", "--rm", "-v", vol + ":/data", "busybox", "sh", "-c",
                "echo one > /data/f && mkdir /data/d && chown 1234:1234 /data/d");
        String reader = made.runDetached("-v", vol + ":/data", "busybox", "sleep", "300");
        assertEquals("one", docker.out("exec", reader, "cat", "/data/f"));
        assertEquals("0:0", docker.out("exec", reader, "stat", "-c", "%u:%g", "/data/f"), "the writer's root");
        assertEquals("1234", docker.out("exec", reader, "stat", "-c", "%u", "/data/d"));
        docker.out("exec", reader, "sh", "-c", "echo two >> /data/f");
        assertEquals("one\ntwo", docker.out("run", "--rm", "-v", vol + ":/data", "busybox", "cat", "/data/f"));
    }

    @Test
    void aBindMountShowsHostOwnersAndTheContainersRootWritesAsHostRoot() throws Exception {
        Path dir = Files.createDirectories(local.resolve("bind"));
        Files.setAttribute(dir, "unix:uid", 1234);
        Files.setAttribute(dir, "unix:gid", 1234);
        String id = made.runDetached("-v", dir + ":/b", "busybox", "sleep", "300");
        assertEquals("1234", docker.out("exec", id, "stat", "-c", "%u", "/b"));
        docker.out("exec", id, "touch", "/b/by-root");
        assertEquals(0, Files.getAttribute(dir.resolve("by-root"), "unix:uid"), "container root is host root here");
        docker.out("exec", "--user", "1234", id, "touch", "/b/by-1234");
        assertEquals(1234, Files.getAttribute(dir.resolve("by-1234"), "unix:uid"));
    }

    @Test
    void optOutsGetTheHostsNamespace() {
        assertEquals(IDENTITY, docker.out("run", "--rm", "--userns=host", "busybox", "cat", "/proc/self/uid_map")
                .trim().replaceAll("\\s+", " "));
        assertEquals(IDENTITY, docker.out("run", "--rm", "--privileged", "busybox", "cat", "/proc/self/uid_map")
                .trim().replaceAll("\\s+", " "));
        // the CLI itself knows only host and "": the API is asked directly
        String bogus = curl.run("-X", "POST", "-H", "Content-Type: application/json", "-d",
                "{\"Image\":\"busybox\",\"HostConfig\":{\"UsernsMode\":\"bogus\"}}",
                "http://d/v1.43/containers/create");
        assertEquals(400, OpsCurl.status(bogus), bogus);
        assertTrue(bogus.contains("bogus"), "the refusal names the value: " + bogus);
        assertTrue(docker.out("info", "-f", "{{json .SecurityOptions}}").contains("name=userns"));
    }

    @Test
    void lowPortsAndPingWorkAsUnderRunc() {
        String id = made.runDetached("busybox", "httpd", "-f", "-p", "80");
        // the network namespace belongs to the container's user namespace: its root has CAP_NET_RAW there
        DockerCli.Result ping = docker.run("exec", id, "ping", "-c", "1", "-W", "2", "127.0.0.1");
        assertEquals(0, ping.exitCode(), ping.toString());
        DockerCli.Result none = docker.run("run", "--rm", "--network", "none", "busybox", "ping", "-c", "1", "-W", "2",
                "127.0.0.1");
        assertEquals(0, none.exitCode(), none.toString());
        DockerCli.Result nc = docker.run("exec", id, "sh", "-c", "nc -l -p 81 </dev/null >/dev/null 2>&1 & sleep 0.3; netstat -ltn | grep -c ':8[01] '; kill $!");
        assertEquals("2", nc.stdout().trim(), nc.toString());
    }

    @Test
    void copyOutAndCommitSeeTheContainersIds() throws Exception {
        String id = made.runDetached("busybox", "sh", "-c",
                "echo r > /by-root && echo u > /by-user && chown 1000:1000 /by-user && sleep 300");
        assertTrue(Eventually.holds(java.time.Duration.ofSeconds(10),
                () -> docker.run("exec", id, "stat", "-c", "%u", "/by-user").stdout().trim().equals("1000")));
        // the CLI drops owners when it unpacks on this side: the tar as the API sends it
        for (String name : List.of("by-root", "by-user")) {
            Path tar = local.resolve(name + ".tar");
            assertEquals(200, OpsCurl.status(curl.run("-o", tar.toString(),
                    "http://d/v1.43/containers/" + id + "/archive?path=/" + name)));
            String entry = HostTraces.exec(List.of("tar", "--numeric-owner", "-tvf", tar.toString()));
            assertTrue(entry.contains(name.equals("by-root") ? " 0/0 " : " 1000/1000 "), name + ": " + entry);
        }

        images.add("berth-userns:commit");
        docker.out("commit", id, "berth-userns:commit");
        assertEquals("0 1000", docker.out("run", "--rm", "berth-userns:commit", "stat", "-c", "%u",
                "/by-root", "/by-user").replace('\n', ' '), "the layer holds the container's ids");
    }
}
