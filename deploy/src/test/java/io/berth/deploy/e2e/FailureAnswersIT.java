package io.berth.deploy.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14's "every failure answers" and "no busy loops", through the docker CLI, each with a bounded time: a
 * start that fails ends {@code docker run} with dockerd's code and text (and {@code --rm} removes the container),
 * exec into a paused container is dockerd's 409, abandoned exec sessions block no later exec, and clients killed
 * mid-stream leave the platform as idle as it was.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailureAnswersIT {
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final String MISSING = "exec: \"/nonexistent\": stat /nonexistent: no such file or directory";
    private static DockerCli docker;
    private static MadeContainers made;
    private static IdleCpu before;

    @BeforeAll
    static void platform() throws Exception {
        docker = Platform.get().docker();
        made = new MadeContainers(docker);
        before = IdleCpu.measure(Platform.get().pid());
    }

    @AfterAll
    static void cleanUp() {
        if (made != null) {
            made.removeAll();
        }
    }

    @Test
    @Order(1)
    void runRmOfAMissingCommandExits127AndLeavesNoContainer() {
        DockerCli.Result r = docker.run(BOUND, "run", "--rm", "--name", "fa-rm-missing", "busybox", "/nonexistent");
        assertEquals(127, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains(MISSING), r.toString());
        assertNoContainer("fa-rm-missing");
    }

    @Test
    @Order(2)
    void detachedRunRmOfAMissingCommandExits127AndLeavesNoContainer() {
        DockerCli.Result r = docker.run(BOUND, "run", "-d", "--rm", "--name", "fa-rm-d-missing", "busybox", "/nonexistent");
        assertEquals(127, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains(MISSING), r.toString());
        assertNoContainer("fa-rm-d-missing");
    }

    @Test
    @Order(3)
    void runWithoutRmExits127AndKeepsTheCreatedContainer() {
        for (String mode : List.of("--attach=stdout", "-d")) {
            String name = mode.equals("-d") ? "fa-keep-d" : "fa-keep-attached";
            DockerCli.Result r = docker.run(BOUND, "run", mode, "--name", name, "busybox", "/nonexistent");
            made.add(name);
            assertEquals(127, r.exitCode(), r.toString());
            assertTrue(r.stderr().contains(MISSING), r.toString());
            assertEquals("created", made.inspect(name, "{{.State.Status}}"));
        }
    }

    @Test
    @Order(4)
    void runRmOfANonExecutableExits126AndLeavesNoContainer() {
        DockerCli.Result r = docker.run(BOUND, "run", "--rm", "--name", "fa-rm-noexec", "busybox", "/etc/passwd");
        assertEquals(126, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("permission denied"), r.toString());
        assertNoContainer("fa-rm-noexec");
    }

    @Test
    @Order(5)
    void execIntoAPausedContainerIsDockerdsConflict() {
        String id = made.runDetached("busybox", "sleep", "300");
        assertTrue(docker.run(BOUND, "pause", id).ok());
        DockerCli.Result r = docker.run(BOUND, "exec", id, "true");
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("Container " + id + " is paused, unpause the container before exec"),
                r.toString());
        assertTrue(docker.run(BOUND, "unpause", id).ok());
        DockerCli.Result after = docker.run(BOUND, "exec", id, "echo", "back");
        assertEquals("back\n", after.stdout(), after.toString());
    }

    @Test
    @Order(6)
    void abandonedExecSessionsBlockNoLaterExec() throws Exception {
        String id = made.runDetached("busybox", "sleep", "600");
        List<Process> abandoned = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            abandoned.add(client("exec", id, "sleep", "301"));
        }
        awaitProcesses(id, "sleep 301", 8);
        abandoned.forEach(Process::destroyForcibly);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<DockerCli.Result>> runs = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String word = "exec-" + i;
                runs.add(pool.submit(() -> docker.run(Duration.ofSeconds(90), "exec", id, "echo", word)));
            }
            for (int i = 0; i < 50; i++) {
                DockerCli.Result r = runs.get(i).get(100, TimeUnit.SECONDS);
                assertEquals(0, r.exitCode(), r.toString());
                assertEquals("exec-" + i + "\n", r.stdout(), r.toString());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Order(7)
    void clientsKilledMidStreamLeaveThePlatformIdle() throws Exception {
        String id = made.runDetached("busybox", "sh", "-c", "while true; do echo tick; sleep 1; done");
        made.add("fa-killed-run");
        List<Process> clients = new ArrayList<>(List.of(
                client("run", "--rm", "--name", "fa-killed-run", "busybox", "sleep", "300"),
                client("logs", "-f", id),
                client("stats", id),
                client("events"),
                client("exec", id, "sleep", "302"),
                client("attach", id)));
        awaitProcesses(id, "sleep 302", 1);
        Thread.sleep(3000);
        clients.forEach(Process::destroyForcibly);
        for (Process p : clients) {
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        }
        // the gateway notices each close; give it a moment, then the platform is as idle as before
        Thread.sleep(3000);
        IdleCpu after = IdleCpu.measure(Platform.get().pid());
        after.assertNoBusyThread();
        assertTrue(after.ticks() <= before.ticks() + Math.max(100, before.ticks() / 2),
                "the platform used " + after.ticks() + " CPU ticks over " + IdleCpu.WINDOW.toSeconds()
                        + " idle seconds after killed clients, " + before.ticks() + " before");
    }

    /** A docker CLI left running in the background, as a user's terminal would be. */
    private static Process client(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(DockerCli.BINARY.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("DOCKER_HOST", "unix://" + Platform.get().socket());
        pb.environment().put("DOCKER_CONFIG", Files.createDirectories(Platform.get().root().resolve("docker-config"))
                .toString());
        return pb.start();
    }

    /** Waits until {@code docker top} shows {@code count} processes running {@code args}. */
    private static void awaitProcesses(String id, String args, int count) throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        long seen = 0;
        while (System.nanoTime() < deadline) {
            DockerCli.Result top = docker.run(BOUND, "top", id);
            seen = top.stdout().lines().filter(l -> l.endsWith(args)).count();
            if (seen >= count) {
                return;
            }
            Thread.sleep(300);
        }
        throw new AssertionError(count + " processes `" + args + "` expected in " + id + ", saw " + seen);
    }

    private static void assertNoContainer(String name) {
        DockerCli.Result ps = docker.run(BOUND, "ps", "-a", "-q", "--filter", "name=^/" + name + "$");
        assertTrue(ps.ok(), ps.toString());
        assertEquals("", ps.stdout().trim(), name + " must be gone: " + ps);
    }

    /** CPU time of the platform's JVM and of each of its event-loop threads over {@link #WINDOW} idle seconds. */
    record IdleCpu(long ticks, List<String> busyThreads) {
        static final Duration WINDOW = Duration.ofSeconds(10);
        /** Thread names are cut to 15 characters there: {@code vert.x-eventloo}. An idle event loop uses next to nothing; a spinning one a large share of a core even on a loaded host. */
        static final long BUSY_THREAD_TICKS = 100;

        static IdleCpu measure(long pid) throws IOException, InterruptedException {
            Path proc = Path.of("/proc", Long.toString(pid));
            long start = ticks(proc.resolve("stat"));
            java.util.Map<String, Long> threads = threadTicks(proc);
            Thread.sleep(WINDOW.toMillis());
            long used = ticks(proc.resolve("stat")) - start;
            List<String> busy = new ArrayList<>();
            for (var t : threadTicks(proc).entrySet()) {
                long delta = t.getValue() - threads.getOrDefault(t.getKey(), t.getValue());
                if (t.getKey().contains("eventloo") && delta > BUSY_THREAD_TICKS) {
                    busy.add(t.getKey() + " used " + delta + " ticks");
                }
            }
            return new IdleCpu(used, busy);
        }

        void assertNoBusyThread() {
            assertEquals(List.of(), busyThreads, "event-loop threads busy while idle");
        }

        /** utime + stime, fields 14 and 15 of a stat line (after the parenthesised name). */
        private static long ticks(Path stat) throws IOException {
            String line = Files.readString(stat);
            String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }

        private static java.util.Map<String, Long> threadTicks(Path proc) throws IOException {
            java.util.Map<String, Long> out = new java.util.HashMap<>();
            try (var tasks = Files.list(proc.resolve("task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        String line = Files.readString(task.resolve("stat"));
                        String name = line.substring(line.indexOf('(') + 1, line.lastIndexOf(')'));
                        out.put(task.getFileName() + " " + name, ticks(task.resolve("stat")));
                    } catch (IOException gone) {
                        // the thread ended meanwhile
                    }
                }
            }
            return out;
        }
    }
}
