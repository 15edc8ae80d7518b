package io.berth.deploy.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code docker cp} both ways, into and out of running, created and exited containers, with -a and -L; and the
 * escapes it must never allow: a symlink planted in the container pointing at {@code /} or up with {@code ..},
 * and one swapped in for a directory while copies run (CVE-2018-15664's shape), never reach a host file.
 */
@E2e
class CopyIT {
    private static DockerCli docker;
    private static MadeContainers made;

    @TempDir
    Path local;

    @Test
    void copiesIntoVolumesAndBindMountsLandInThemRunningOrStopped() throws IOException {
        String volume = "berth-cp-" + UUID.randomUUID().toString().substring(0, 8);
        Path bind = Files.createDirectories(local.resolve("bound"));
        Path readOnly = Files.createDirectories(local.resolve("ro"));
        try {
            String id = made.runDetached("-v", volume + ":/data", "-v", bind + ":/srv/conf", "-v",
                    readOnly + ":/ro:ro", "busybox", "sh", "-c", "echo inside > /data/made && sleep 300");
            assertTrue(Eventually.holds(java.time.Duration.ofSeconds(10),
                    () -> docker.run("exec", id, "cat", "/data/made").ok()), "the container wrote its file");
            Path file = Files.writeString(local.resolve("in.txt"), "from the host\n");
            docker.out("cp", file.toString(), id + ":/data/");
            assertEquals("from the host", docker.out("exec", id, "cat", "/data/in.txt"), "the volume has it, seen inside");
            docker.out("cp", file.toString(), id + ":/srv/conf/settings");
            assertEquals("from the host", Files.readString(bind.resolve("settings")).trim(),
                    "a copy into a bind mount lands in its host directory");
            docker.out("cp", id + ":/data/made", local.toString());
            assertEquals("inside", Files.readString(local.resolve("made")).trim(), "and out of a volume");
            DockerCli.Result ro = docker.run("cp", file.toString(), id + ":/ro/");
            assertFalse(ro.ok(), "a read-only mount refuses the copy: " + ro);
            assertTrue(ro.stderr().contains("read-only"), ro.toString());
            assertFalse(Files.exists(readOnly.resolve("in.txt")));

            docker.out("stop", "-t", "1", id);
            Path later = Files.writeString(local.resolve("later.txt"), "while stopped\n");
            docker.out("cp", later.toString(), id + ":/data/");
            DockerCli.Result read = docker.run("run", "--rm", "-v", volume + ":/v", "busybox", "cat", "/v/later.txt");
            assertEquals("while stopped", read.stdout().trim(), "a stopped container's volume takes the copy: " + read);
            made.removeAll();
        } finally {
            made.removeAll();
            docker.run("volume", "rm", "-f", volume);
        }
    }

    @Test
    void filesAndDirectoriesBothWaysWithARunningContainer() throws IOException {
        String id = made.runDetached("busybox", "sh", "-c", "mkdir -p /data/sub && echo deep > /data/sub/f && "
                + "echo top > /data/t && sleep 300");
        Path file = Files.writeString(local.resolve("hello.txt"), "hello from the host\n");
        docker.out("cp", file.toString(), id + ":/tmp/");
        assertEquals("hello from the host", docker.out("exec", id, "cat", "/tmp/hello.txt"));
        docker.out("cp", file.toString(), id + ":/tmp/renamed.txt");
        assertEquals("hello from the host", docker.out("exec", id, "cat", "/tmp/renamed.txt"));

        docker.out("cp", id + ":/etc/passwd", local.toString());
        assertEquals(docker.out("exec", id, "cat", "/etc/passwd"), Files.readString(local.resolve("passwd")).trim());
        docker.out("cp", id + ":/data", local.resolve("copy").toString());
        assertEquals("deep", Files.readString(local.resolve("copy/sub/f")).trim());
        assertEquals("top", Files.readString(local.resolve("copy/t")).trim());
        Files.createDirectories(local.resolve("contents"));
        docker.out("cp", id + ":/data/.", local.resolve("contents").toString());
        assertTrue(Files.exists(local.resolve("contents/sub/f")), "dir/. copies the contents");

        Path dir = Files.createDirectories(local.resolve("up/inner"));
        Files.writeString(dir.resolve("x"), "x!");
        docker.out("cp", local.resolve("up").toString(), id + ":/data/");
        assertEquals("x!", docker.out("exec", id, "cat", "/data/up/inner/x"));

        DockerCli.Result missing = docker.run("cp", id + ":/no/such/file", local.toString());
        assertFalse(missing.ok(), missing.toString());
        assertTrue(missing.stderr().contains("No such container:path")
                || missing.stderr().contains("Could not find the file /no/such/file"), missing.toString());
        DockerCli.Result noDir = docker.run("cp", file.toString(), id + ":/no/such/dir/");
        assertFalse(noDir.ok(), noDir.toString());
    }

    @Test
    void createdAndExitedContainersToo() throws IOException {
        String created = docker.out("create", "busybox", "cat", "/tmp/in.txt");
        made.add(created);
        Path file = Files.writeString(local.resolve("in.txt"), "before start\n");
        docker.out("cp", file.toString(), created + ":/tmp/in.txt");
        docker.out("start", created);
        assertEquals("0", docker.out("wait", created));
        assertEquals("before start", docker.out("logs", created));

        String exited = made.runDetached("busybox", "sh", "-c", "echo result > /out.txt");
        assertEquals("0", docker.out("wait", exited));
        docker.out("cp", exited + ":/out.txt", local.toString());
        assertEquals("result", Files.readString(local.resolve("out.txt")).trim());
        docker.out("cp", file.toString(), exited + ":/again.txt");
        docker.out("cp", exited + ":/again.txt", local.resolve("again.txt").toString());
        assertEquals("before start", Files.readString(local.resolve("again.txt")).trim());
        assertTrue(HostTraces.mounts(exited).isEmpty(), "cp leaves no root mounted: " + HostTraces.mounts(exited));
    }

    @Test
    void archiveModeKeepsOwnersAndFollowLinkCopiesTheTarget() throws Exception {
        String id = made.runDetached("busybox", "sh", "-c", "ln -s /etc/group /tmp/link && sleep 300");
        Path owned = Files.writeString(local.resolve("owned.txt"), "mine");
        Files.setAttribute(owned, "unix:uid", 1234);
        Files.setAttribute(owned, "unix:gid", 4321);
        docker.out("cp", owned.toString(), id + ":/tmp/plain.txt");
        docker.out("cp", "-a", owned.toString(), id + ":/tmp/kept.txt");
        assertEquals("0:0", docker.out("exec", id, "stat", "-c", "%u:%g", "/tmp/plain.txt"));
        assertEquals("1234:4321", docker.out("exec", id, "stat", "-c", "%u:%g", "/tmp/kept.txt"));

        docker.out("cp", id + ":/tmp/link", local.resolve("asLink").toString());
        assertTrue(Files.isSymbolicLink(local.resolve("asLink")));
        docker.out("cp", "-L", id + ":/tmp/link", local.resolve("followed").toString());
        assertFalse(Files.isSymbolicLink(local.resolve("followed")));
        assertEquals(docker.out("exec", id, "cat", "/etc/group"), Files.readString(local.resolve("followed")).trim());
    }

    @Test
    void plantedSymlinksNeverReachTheHost() throws IOException {
        Path secretDir = Files.createDirectories(Path.of("/tmp/berth-cp-secret-" + UUID.randomUUID()));
        try {
            Files.writeString(secretDir.resolve("secret"), "host secret");
            String id = made.runDetached("busybox", "sh", "-c", "ln -s / /tmp/root && ln -s ../../../../../.. /tmp/up "
                    + "&& sleep 300");
            for (String via : List.of("/tmp/root", "/tmp/up", "/..", "/tmp/../../..")) {
                DockerCli.Result read = docker.run("cp", id + ":" + via + secretDir + "/secret",
                        local.resolve("leak").toString());
                assertFalse(read.ok(), "reading through " + via + ": " + read);
                assertFalse(Files.exists(local.resolve("leak")), via);

                Path bait = Files.writeString(local.resolve("bait"), "written by cp");
                docker.run("cp", bait.toString(), id + ":" + via + secretDir + "/");
                docker.run("cp", bait.toString(), id + ":" + via + secretDir + "/bait");
                assertEquals(List.of("secret"), names(secretDir), "nothing written on the host through " + via);
                assertEquals("host secret", Files.readString(secretDir.resolve("secret")));
            }
            // the container's own "/" is what the link points at
            docker.out("cp", id + ":/tmp/root/etc/passwd", local.resolve("viaLink").toString());
            assertEquals(docker.out("exec", id, "cat", "/etc/passwd"), Files.readString(local.resolve("viaLink")).trim());
        } finally {
            TempTree.delete(secretDir);
        }
    }

    @Test
    void aDirectorySwappedForASymlinkMidCopyStaysInTheContainer() throws IOException {
        Path secretDir = Files.createDirectories(Path.of("/tmp/berth-cp-swap-" + UUID.randomUUID()));
        try {
            Files.writeString(secretDir.resolve("secret"), "host secret");
            // /tmp/swap flips between a real directory holding the same path and a symlink to "/"
            String inner = "/tmp/swap" + secretDir;
            String id = made.runDetached("busybox", "sh", "-c", "mkdir -p " + inner + " && echo inside > " + inner
                    + "/secret && while :; do mv /tmp/swap /tmp/held; ln -s / /tmp/swap; rm /tmp/swap; "
                    + "mv /tmp/held /tmp/swap; done");
            Path bait = Files.writeString(local.resolve("bait"), "written by cp");
            for (int i = 0; i < 25; i++) {
                Path got = local.resolve("got" + i);
                DockerCli.Result read = docker.run("cp", id + ":/tmp/swap" + secretDir + "/secret", got.toString());
                // a copy cut short by a swap fails (the stream is reset), so whatever did arrive is whole
                if (read.ok() && Files.exists(got)) {
                    assertEquals("inside", Files.readString(got).trim(), "only the container's file is ever read");
                }
                docker.run("cp", bait.toString(), id + ":/tmp/swap" + secretDir + "/bait" + i);
            }
            assertEquals(List.of("secret"), names(secretDir), "no write landed on the host");
            assertEquals("host secret", Files.readString(secretDir.resolve("secret")));
        } finally {
            TempTree.delete(secretDir);
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
