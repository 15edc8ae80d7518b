package io.berth.deploy.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * pause/unpause, restart and resource limits through the docker CLI, proven on the host: the freezer state
 * and CPU time of a paused process, the cgroup files a limit writes, an OOM kill, a fork bomb held at its
 * pids limit, and dockerd's refusals of impossible limits.
 */
@E2e
class LimitsIT {
    private static final Path CGROUP = Path.of("/sys/fs/cgroup");
    private static DockerCli docker;
    private static MadeContainers made;

    /** utime + stime of a process in clock ticks (/proc/pid/stat fields 14 and 15). */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long ticksOver(long pid, long millis) throws InterruptedException {
        long before = cpuTicks(pid);
        Thread.sleep(millis);
        return cpuTicks(pid) - before;
    }

    @Test
    void pauseFreezesUnpauseThawsAndAPausedContainerStillStops() throws Exception {
        // a busy loop held to a fifth of a CPU, so it shows CPU time without eating the shared machine
        String id = made.runDetached("--cpus", "0.2", "busybox", "sh", "-c", "while true; do i=$((i+1)); done");
        long pid = Long.parseLong(made.inspect(id, "{{.State.Pid}}"));
        assertTrue(ticksOver(pid, 1000) > 0, "the loop runs before pause");

        docker.ok("pause", id);
        assertEquals("paused true true", made.inspect(id, "{{.State.Status}} {{.State.Paused}} {{.State.Running}}"));
        String freezer = HostTraces.cgroupFile("freezer", id, "freezer.state", "cgroup.freeze");
        assertTrue(freezer.equals("FROZEN") || freezer.equals("1"), "v1 FROZEN or v2 1: " + freezer);
        assertEquals(0, ticksOver(pid, 1000), "a frozen process gets no CPU time");
        DockerCli.Result ps = docker.run("ps", "--filter", "id=" + id, "--format", "{{.State}}|{{.Status}}");
        assertTrue(ps.stdout().trim().matches("paused\\|Up .* \\(Paused\\)"), ps.toString());
        DockerCli.Result again = docker.run("pause", id);
        assertFalse(again.ok());
        assertTrue(again.stderr().contains("Container " + id + " is already paused"), again.toString());

        docker.ok("unpause", id);
        assertEquals("running false", made.inspect(id, "{{.State.Status}} {{.State.Paused}}"));
        assertTrue(ticksOver(pid, 1000) > 0, "the loop runs again after unpause");
        DockerCli.Result notPaused = docker.run("unpause", id);
        assertFalse(notPaused.ok());
        assertTrue(notPaused.stderr().contains("Container " + id + " is not paused"), notPaused.toString());

        docker.ok("pause", id);
        docker.ok("stop", "-t", "1", id);
        assertEquals("exited 137 false", made.inspect(id, "{{.State.Status}} {{.State.ExitCode}} {{.State.Paused}}"));
        assertFalse(HostTraces.processAlive(pid));
        assertTrue(HostTraces.cgroups(id).isEmpty(), "no cgroup left: " + HostTraces.cgroups(id));
        DockerCli.Result stopped = docker.run("pause", id);
        assertTrue(stopped.stderr().contains("container " + id + " is not running"), stopped.toString());
    }

    @Test
    void limitsReachTheirCgroupFiles() {
        String id = made.runDetached("--cpus", "0.5", "-m", "64m", "--cpuset-cpus", "0", "--pids-limit", "50",
                "busybox", "sleep", "100");
        assertEquals("50000", HostTraces.cgroupFile("cpu", id, "cpu.cfs_quota_us", "cpu.max").split(" ")[0]);
        assertEquals("100000", HostTraces.cgroupFile("cpu", id, "cpu.cfs_period_us", "cpu.max").replaceAll(".* ", ""));
        assertEquals("67108864", HostTraces.cgroupFile("memory", id, "memory.limit_in_bytes", "memory.max"));
        assertEquals("0", HostTraces.cgroupFile("cpuset", id, "cpuset.cpus", "cpuset.cpus"));
        assertEquals("50", HostTraces.cgroupFile("pids", id, "pids.max", "pids.max"));
        assertEquals("500000000 67108864", made.inspect(id, "{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}}"));
        docker.ok("rm", "-f", id);
        made.remove(id);
    }

    @Test
    void aProcessPastItsMemoryLimitIsOomKilled() {
        // the shell doubles a string until it no longer fits in 32 MB
        String id = made.runDetached("-m", "32m", "busybox", "sh", "-c", "x=0123456789abcdef; while true; do x=$x$x; done");
        DockerCli.Result wait = docker.run(Duration.ofSeconds(60), "wait", id);
        assertTrue(wait.ok(), wait.toString());
        assertEquals("137", wait.stdout().trim());
        assertEquals("exited 137 true", made.inspect(id, "{{.State.Status}} {{.State.ExitCode}} {{.State.OOMKilled}}"));
        docker.ok("rm", id);
        made.remove(id);
    }

    @Test
    void aForkBombStopsAtItsPidsLimitAndTheContainerStillGoes() throws Exception {
        // ash gives up at the first failed fork, so the bomb runs in a subshell; then init execs (no fork needed)
        String id = made.runDetached("--pids-limit", "20", "busybox", "sh", "-c",
                "(for i in $(seq 100); do sleep 30 & done; wait); exec sleep 30");
        assertEquals("20", HostTraces.cgroupFile("pids", id, "pids.max", "pids.max"));
        long highest = 0;
        for (int i = 0; i < 40; i++) {
            Path current = CGROUP.resolve("pids/berth").resolve(id).resolve("pids.current");
            if (!Files.exists(current)) {
                current = CGROUP.resolve("berth").resolve(id).resolve("pids.current");
            }
            if (Files.exists(current)) {
                highest = Math.max(highest, Long.parseLong(Files.readString(current).strip()));
            }
            Thread.sleep(50);
        }
        assertTrue(highest >= 15 && highest <= 20, "pids.current peaked at " + highest);
        assertEquals("running", made.inspect(id, "{{.State.Status}}"), "the bomb hit the limit, not the container");
        assertTrue(Long.parseLong(HostTraces.cgroupFile("pids", id, "pids.events", "pids.events").replaceAll("\\D", "")) > 0,
                "the kernel counted refused forks");
        docker.ok("rm", "-f", id);
        made.remove(id);
        assertTrue(HostTraces.cgroups(id).isEmpty(), "no cgroup left: " + HostTraces.cgroups(id));
        assertTrue(HostTraces.mounts(id).isEmpty(), "no mount left: " + HostTraces.mounts(id));
    }

    @Test
    void impossibleLimitsAreRefusedWithDockersWordsAndNothingIsCreated() {
        refused("Minimum memory limit allowed is 6MB", "-m", "4m");
        refused("Minimum memoryswap limit should be larger than memory limit, see usage",
                "-m", "64m", "--memory-swap", "32m");
        refused("Range of CPUs is from 0.01 to", "--cpus", "64");
        refused("Invalid value 0-x for cpuset cpus", "--cpuset-cpus", "0-x");
    }

    private static void refused(String message, String... flags) {
        String name = "limits-refused-" + Long.toHexString(System.nanoTime());
        List<String> argv = new ArrayList<>(List.of("create", "--name", name));
        argv.addAll(List.of(flags));
        argv.addAll(List.of("busybox", "true"));
        DockerCli.Result r = docker.run(argv.toArray(String[]::new));
        assertFalse(r.ok(), r.toString());
        assertTrue(r.stderr().contains(message), r.toString());
        DockerCli.Result none = docker.run("ps", "-a", "-q", "--filter", "name=" + name);
        assertEquals("", none.stdout().trim(), "nothing was created: " + none);
    }

    @Test
    void restartRunsTheContainerAgainWithANewProcess() {
        String id = made.runDetached("busybox", "sleep", "100");
        long pid = Long.parseLong(made.inspect(id, "{{.State.Pid}}"));
        docker.ok("restart", "-t", "1", id);
        assertEquals("running", made.inspect(id, "{{.State.Status}}"));
        long pid2 = Long.parseLong(made.inspect(id, "{{.State.Pid}}"));
        assertNotEquals(pid, pid2);
        assertTrue(HostTraces.processAlive(pid2));
        assertFalse(HostTraces.processAlive(pid));
        docker.ok("rm", "-f", id);
        made.remove(id);
    }
}
