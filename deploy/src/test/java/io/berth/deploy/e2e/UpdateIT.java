package io.berth.deploy.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code docker update} through the docker CLI, proven in the container's cgroup files, in inspect and in what
 * the scheduler then does; and the disk I/O flags, proven by {@code dd} with direct I/O held to a
 * {@code --device-write-bps} on a loop device the test makes, then freed by an update.
 */
@E2e
class UpdateIT {
    private static final Path CGROUP = Path.of("/sys/fs/cgroup");
    private static DockerCli docker;
    private static MadeContainers made;
    private static OpsCurl curl;

    private static DockerCli.Result refused(String... args) {
        DockerCli.Result r = docker.run(args);
        assertFalse(r.ok(), r.toString());
        return r;
    }

    @Test
    void memoryCpusPidsAndRestartChangeLiveAndShowInInspect() {
        String id = made.runDetached("-m", "32m", "--pids-limit", "20", "busybox", "sleep", "300");
        assertEquals("33554432", HostTraces.cgroupFile("memory", id, "memory.limit_in_bytes", "memory.max"));

        DockerCli.Result update = docker.ok("update", "--memory", "64m", "--cpus", "0.5", "--pids-limit", "40",
                "--cpu-shares", "512", "--cpuset-cpus", "0", "--restart", "on-failure:3", id);
        assertEquals(id, update.stdout().trim(), "the CLI echoes each container it updated");

        assertEquals("67108864", HostTraces.cgroupFile("memory", id, "memory.limit_in_bytes", "memory.max"));
        assertEquals("50000", HostTraces.cgroupFile("cpu", id, "cpu.cfs_quota_us", "cpu.max").split(" ")[0]);
        assertEquals("40", HostTraces.cgroupFile("pids", id, "pids.max", "pids.max"));
        assertEquals("0", HostTraces.cgroupFile("cpuset", id, "cpuset.cpus", "cpuset.cpus"));
        assertEquals("67108864 500000000 40 512 on-failure 3 0", made.inspect(id, "{{.HostConfig.Memory}} "
                + "{{.HostConfig.NanoCpus}} {{.HostConfig.PidsLimit}} {{.HostConfig.CpuShares}} "
                + "{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}} "
                + "{{.HostConfig.CpusetCpus}}"));
        assertEquals("sleep", docker.ok("exec", id, "cat", "/proc/1/comm").stdout().trim(), "still the same process");

        docker.ok("update", "--pids-limit", "-1", id);
        assertEquals("max", HostTraces.cgroupFile("pids", id, "pids.max", "pids.max"), "-1 lifts the limit");
        docker.ok("rm", "-f", id);
        made.remove(id);
        assertTrue(HostTraces.cgroups(id).isEmpty(), "no cgroup left: " + HostTraces.cgroups(id));
    }

    @Test
    void aRestartPolicySetByUpdateIsTheOneTheSchedulerFollows() {
        String id = made.runDetached("busybox", "sh", "-c", "sleep 2; exit 3");
        docker.ok("update", "--restart", "on-failure:2", id);
        assertTrue(Eventually.holds(Duration.ofSeconds(40), () ->
                        made.inspect(id, "{{.RestartCount}} {{.State.Status}}").equals("2 exited")),
                "restarted twice, then left exited: " + made.inspect(id, "{{.RestartCount}} {{.State.Status}}"));
        Eventually.sleep(Duration.ofSeconds(3));
        assertEquals("2 exited 3", made.inspect(id, "{{.RestartCount}} {{.State.Status}} {{.State.ExitCode}}"));
    }

    @Test
    void aGrowthTheNodeCannotFitIsRefusedWithTheSchedulersReason() {
        String id = made.runDetached("-m", "32m", "busybox", "sleep", "300");
        DockerCli.Result r = refused("update", "--memory", "100t", "--memory-swap", "-1", id);
        assertTrue(r.stderr().contains("Cannot update container " + id + ": node "), r.toString());
        assertTrue(r.stderr().contains("not enough memory (wants 100 TiB"), r.toString());
        assertEquals("33554432", made.inspect(id, "{{.HostConfig.Memory}}"));
        assertEquals("33554432", HostTraces.cgroupFile("memory", id, "memory.limit_in_bytes", "memory.max"));
        // the refused growth reserved nothing: the same container can still grow a little
        docker.ok("update", "--memory", "48m", id);
        assertEquals("50331648", HostTraces.cgroupFile("memory", id, "memory.limit_in_bytes", "memory.max"));
    }

    @Test
    void aStoppedContainerKeepsTheValuesForItsNextStart() {
        DockerCli.Result create = docker.ok("create", "-m", "32m", "busybox", "sleep", "300");
        String id = create.stdout().trim();
        made.add(id);
        docker.ok("update", "-m", "48m", "--cpus", "0.25", id);
        assertEquals("50331648 250000000", made.inspect(id, "{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}}"));
        assertTrue(HostTraces.cgroups(id).isEmpty(), "nothing runs yet");
        docker.ok("start", id);
        assertEquals("50331648", HostTraces.cgroupFile("memory", id, "memory.limit_in_bytes", "memory.max"));
        assertEquals("25000", HostTraces.cgroupFile("cpu", id, "cpu.cfs_quota_us", "cpu.max").split(" ")[0]);
    }

    @Test
    void aPausedContainerIsUpdatedAndStaysPaused() {
        String id = made.runDetached("busybox", "sleep", "300");
        docker.ok("pause", id);
        docker.ok("update", "--cpus", "0.3", "-m", "40m", id);
        assertEquals("30000", HostTraces.cgroupFile("cpu", id, "cpu.cfs_quota_us", "cpu.max").split(" ")[0]);
        assertEquals("41943040", HostTraces.cgroupFile("memory", id, "memory.limit_in_bytes", "memory.max"));
        assertEquals("paused", made.inspect(id, "{{.State.Status}}"));
        docker.ok("unpause", id);
    }

    @Test
    void memoryBelowWhatTheContainerUsesIsRefusedAndNothingChanges() {
        // 40 MB in /dev/shm is charged to the container and cannot be reclaimed without swap
        String id = made.runDetached("-m", "128m", "busybox", "sh", "-c",
                "dd if=/dev/zero of=/dev/shm/fill bs=1M count=40 && sleep 300");
        assertTrue(Eventually.holds(Duration.ofSeconds(20), () -> docker.run("exec", id, "ls", "-l",
                "/dev/shm/fill").stdout().contains("41943040")), "the container filled its memory");
        DockerCli.Result r = docker.run("update", "-m", "16m", "--memory-swap", "16m", id);
        if (r.ok()) {
            // a host with swap pages the file out: then the kernel did take the lower limit
            assertEquals("16777216", HostTraces.cgroupFile("memory", id, "memory.limit_in_bytes", "memory.max"));
            return;
        }
        assertTrue(r.stderr().contains("Cannot update container " + id + ": "), r.toString());
        assertTrue(r.stderr().toLowerCase().contains("device or resource busy"), r.toString());
        assertEquals("134217728", made.inspect(id, "{{.HostConfig.Memory}}"));
        assertEquals("134217728", HostTraces.cgroupFile("memory", id, "memory.limit_in_bytes", "memory.max"));
        assertEquals("running", made.inspect(id, "{{.State.Status}}"));
    }

    @Test
    void badUpdatesAreRefusedWithDockersWords() {
        String id = made.runDetached("-m", "32m", "busybox", "sleep", "300");
        assertTrue(refused("update", "-m", "8m", "gone-" + System.nanoTime()).stderr()
                .contains("No such container"));
        assertTrue(refused("update", "--cpus", "512", id).stderr().contains("Range of CPUs is from 0.01 to"));
        assertTrue(refused("update", "-m", "4m", id).stderr().contains("Minimum memory limit allowed is 6MB"));
        assertTrue(refused("update", "-m", "128m", "--memory-swap", "64m", id).stderr()
                .contains("Minimum memoryswap limit should be larger than memory limit"));
        assertTrue(refused("update", "--cpuset-mems", "0", id).stderr()
                .contains("Berth does not support CpusetMems (--cpuset-mems) in an update"));
        assertTrue(refused("update", "--blkio-weight", "5", id).stderr()
                .contains("Range of blkio weight is from 10 to 1000"));
        String unknown = curl.run("-X", "POST", "-H", "Content-Type: application/json", "-d",
                "{\"RestartPolicy\":{\"Name\":\"sometimes\"}}", "http://localhost/v1.44/containers/" + id + "/update");
        assertEquals(400, OpsCurl.status(unknown), unknown);
        assertTrue(unknown.contains("invalid restart policy: unknown policy 'sometimes'"), unknown);
        assertEquals("33554432 no", made.inspect(id, "{{.HostConfig.Memory}} {{.HostConfig.RestartPolicy.Name}}"),
                "no refused update changed anything");

        String removed = made.runDetached("busybox", "sleep", "300");
        docker.ok("rm", "-f", removed);
        made.remove(removed);
        String gone = curl.run("-X", "POST", "-H", "Content-Type: application/json", "-d", "{\"Memory\":67108864}",
                "http://localhost/v1.44/containers/" + removed + "/update");
        assertEquals(404, OpsCurl.status(gone), gone);
    }

    @Test
    void deviceLimitsNeedTheDeviceOnTheNode() {
        DockerCli.Result missing = refused("run", "--rm", "--device-write-bps", "/dev/berth-no-such-disk:1mb",
                "busybox", "true");
        assertTrue(missing.stderr().contains("error gathering device information while adding blkio device "
                + "\"/dev/berth-no-such-disk\": no such file or directory"), missing.toString());
        // a weight lands in blkio.weight, or in blkio.bfq.weight on kernels without CFQ (io.weight / io.bfq.weight
        // on v2); a node with neither refuses it rather than drop it
        DockerCli.Result weighted = docker.run("run", "-d", "--blkio-weight", "300", "busybox", "sleep", "300");
        if (!weighted.ok()) {
            assertTrue(weighted.stderr().contains("offers neither"), weighted.toString());
            return;
        }
        String id = weighted.stdout().trim();
        made.add(id);
        assertEquals("300", weight(id));
        assertEquals("300", made.inspect(id, "{{.HostConfig.BlkioWeight}}"));
        docker.ok("update", "--blkio-weight", "500", id);
        assertEquals("500", weight(id));
        assertEquals("500", made.inspect(id, "{{.HostConfig.BlkioWeight}}"));
    }

    private static String weight(String id) {
        for (Path file : List.of(CGROUP.resolve("blkio/berth").resolve(id).resolve("blkio.weight"),
                CGROUP.resolve("blkio/berth").resolve(id).resolve("blkio.bfq.weight"),
                CGROUP.resolve("berth").resolve(id).resolve("io.weight"),
                CGROUP.resolve("berth").resolve(id).resolve("io.bfq.weight"))) {
            if (Files.exists(file)) {
                try {
                    // v2 reads "default 300"
                    return Files.readString(file).strip().replace("default ", "").lines().findFirst().orElse("");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new AssertionError("no weight file in the cgroup of " + id);
    }

    @Test
    void deviceWriteBpsHoldsDirectWritesToTheLimitAndUpdateFreesThem() throws Exception {
        RootRequirement.check();
        Path dir = Files.createTempDirectory("berth-update-it");
        Path image = dir.resolve("disk.img");
        Path mnt = dir.resolve("mnt");
        String loop = null;
        boolean mounted = false;
        try {
            HostTraces.exec(List.of("truncate", "-s", "200M", image.toString()));
            loop = HostTraces.exec(List.of("losetup", "--find", "--show", image.toString())).trim();
            HostTraces.exec(List.of("mkfs.ext4", "-q", loop));
            Files.createDirectory(mnt);
            HostTraces.exec(List.of("mount", loop, mnt.toString()));
            mounted = true;
            long limit = 2L << 20;
            String id = made.runDetached("--device-write-bps", loop + ":2mb", "-v", mnt + ":/mnt",
                    "busybox", "sleep", "300");
            String number = HostTraces.exec(List.of("lsblk", "-dno", "MAJ:MIN", loop)).trim();
            String file = HostTraces.cgroupFile("blkio", id, "blkio.throttle.write_bps_device", "io.max");
            assertTrue(file.contains(number + " " + limit) || file.contains(number + " rbps=max wbps=" + limit),
                    "the throttle reached the cgroup: " + file);
            assertTrue(made.inspect(id, "{{json .HostConfig.BlkioDeviceWriteBps}}")
                    .contains("\"Path\":\"" + loop + "\",\"Rate\":" + limit));

            double limited = writeRate(id, "a");
            System.out.printf("direct writes under --device-write-bps %s:2mb: %.0f B/s%n", loop, limited);
            assertTrue(Math.abs(limited - limit) <= limit * 0.10,
                    "direct writes run at the limit within 10%: " + limited + " B/s against " + limit);
            String blockIo = docker.ok("stats", "--no-stream", "--format", "{{.BlockIO}}", id).stdout().trim();
            assertTrue(blockIo.matches(".* / (1[0-9]|[2-9][0-9])(\\.[0-9]+)?MB"),
                    "docker stats counts the 10 MiB written: " + blockIo);

            // the CLI has no flag for it; the API's update takes the same field, a rate of 0 lifts it
            String lift = curl.run("-X", "POST", "-H", "Content-Type: application/json", "-d",
                    "{\"BlkioDeviceWriteBps\":[{\"Path\":\"" + loop + "\",\"Rate\":0}]}",
                    "http://localhost/v1.44/containers/" + id + "/update");
            assertEquals("{\"Warnings\":[]}", OpsCurl.body(lift, 200).toString());
            assertEquals("[]", made.inspect(id, "{{json .HostConfig.BlkioDeviceWriteBps}}"));
            double free = writeRate(id, "b");
            System.out.printf("direct writes once lifted: %.0f B/s%n", free);
            assertTrue(free > 3 * limit, "freed writes run well past the old limit: " + free + " B/s");
            docker.ok("rm", "-f", id);
            made.remove(id);
        } finally {
            if (mounted) {
                HostTraces.exec(List.of("umount", mnt.toString()));
            }
            if (loop != null) {
                HostTraces.exec(List.of("losetup", "-d", loop));
            }
            Files.deleteIfExists(image);
            Files.deleteIfExists(mnt);
            Files.deleteIfExists(dir);
        }
    }

    /** Bytes per second of 10 MiB written with O_DIRECT inside the container, timed by its /proc/uptime. */
    private static double writeRate(String id, String name) {
        String out = docker.ok(Duration.ofSeconds(60), "exec", id, "sh", "-c",
                "a=$(cut -d' ' -f1 /proc/uptime); dd if=/dev/zero of=/mnt/" + name
                        + " bs=256k count=40 oflag=direct 2>/dev/null; b=$(cut -d' ' -f1 /proc/uptime); "
                        + "echo $a $b").stdout().trim();
        String[] t = out.split(" ");
        double seconds = Double.parseDouble(t[1]) - Double.parseDouble(t[0]);
        return (10L << 20) / seconds;
    }
}
