package io.berth.deploy.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole platform SIGKILLed in the middle of a burst and started again with the same command ({@code ./berth
 * up}): on an all-in-one {@link CrashPlatform}, {@value #CLIENTS} CLIs run {@code docker run -d} {@value #BURST}
 * times and the launcher (every stage: Kafka, Hazelcast, image store, scheduler, agent, gateway) is SIGKILLed
 * once {@value #KILL_AFTER} are answered; only the containers' monitors live on. Started again on the same data
 * root: every create answered with an id exists, running, with its cgroup (lost 0), no name twice and no container
 * on the node unknown to the records (duplicated 0), a created and an exited container keep their states, every
 * monitor is adopted (the log says how many and how far it got), and within {@value #NORMAL_WITHIN_S} s of the
 * restart's first answer {@code docker rm -f} of every container and a new {@code docker run} are done.
 */
@E2e(E2e.Layout.CRASH)
class PlatformCrashIT {
    private static final int BURST = 150;
    private static final int CLIENTS = 5;
    private static final int KILL_AFTER = 60;
    private static final int NORMAL_WITHIN_S = 30;
    private static CrashPlatform platform;
    private static DockerCli docker;
    private static MadeContainers made;

    // every container the platform lists is this class's: the fixture removes them after this
    @AfterAll
    static void recordWhatIsListed() {
        if (docker != null) {
            CreateBurst.listed(docker).values().forEach(rows -> rows.forEach(row -> made.add(row[0])));
        }
    }

    @Test
    void aSigkilledPlatformComesBackWithEveryAnsweredContainerAndAnswersAtOnce() throws Exception {
        docker.ok(Duration.ofSeconds(120), "run", "-d", "--name", "crash-warm", "busybox", "sleep", "900");
        String created = docker.ok(Duration.ofSeconds(60), "create", "--name", "crash-created", "busybox", "sleep",
                "900").stdout().trim();
        String exited = docker.ok(Duration.ofSeconds(60), "run", "-d", "--name", "crash-exited", "busybox", "sh",
                "-c", "exit 3").stdout().trim();
        assertTrue(Eventually.holds(Duration.ofSeconds(30), () -> state(exited).equals("exited 3")), state(exited));
        long t = System.nanoTime();
        docker.ok(Duration.ofSeconds(60), "run", "-d", "--name", "crash-timed", "busybox", "sleep", "900");
        double runBefore = (System.nanoTime() - t) / 1e9;

        CreateBurst burst = new CreateBurst(docker, "crash", BURST, "busybox", "sleep", "900").start(CLIENTS);
        burst.awaitDone(KILL_AFTER, Duration.ofSeconds(300));
        int atKill = burst.done();
        long pid = platform.pid();
        platform.crash();
        burst.finish(Duration.ofMinutes(5));
        assertFalse(HostTraces.processAlive(pid), "the launcher is gone");
        Map<Long, String> monitors = platform.monitors();
        System.out.printf("berth crash: launcher pid %d SIGKILLed after %d of %d answered; %d answered with an id, "
                        + "%d not; %d monitors live on%n", pid, atKill, BURST, burst.answered().size(),
                burst.failed().size(), monitors.size());

        long launched = System.nanoTime();
        platform.up();
        long ready = System.nanoTime();
        Map<String, List<String[]>> listed = CreateBurst.listed(docker);
        double firstList = (System.nanoTime() - ready) / 1e9;
        List<String> removing = new ArrayList<>();
        listed.values().forEach(rows -> rows.forEach(row -> removing.add(row[0])));

        CreateBurst.Tally tally = burst.tally(listed, nodeContainers());
        assertEquals("created 0", state(created), "a created container stays created");
        assertEquals("exited 3", state(exited), "an exited one keeps its exit");
        for (long monitor : monitors.keySet()) {
            assertTrue(HostTraces.processAlive(monitor), "monitor " + monitor + " still runs");
        }

        // the commands an operator runs next: every container removed, a new one run, all at normal speed
        long t1 = System.nanoTime();
        removeAll(removing);
        double rmSeconds = (System.nanoTime() - t1) / 1e9;
        long t2 = System.nanoTime();
        DockerCli.Result newRun = docker.run(Duration.ofSeconds(60), "run", "--rm", "busybox", "echo", "back");
        double runAfter = (System.nanoTime() - t2) / 1e9;
        double sinceReady = (System.nanoTime() - ready) / 1e9;

        String log = Files.readString(platform.log(), StandardCharsets.UTF_8);
        // "adopted N container(s) in T ms (E exited while the agent was away, …)": an exited container's
        // directory is adopted too (its exit read from disk), so the live ones are N - E
        Matcher adopted = Pattern.compile("adopted (\\d+) container\\(s\\) in (\\d+) ms \\((\\d+) exited")
                .matcher(log);
        int adoptedCount = adopted.find() ? Integer.parseInt(adopted.group(1)) - Integer.parseInt(adopted.group(3))
                : -1;
        List<String> recoveryLines = log.lines().filter(l -> l.contains("adopting the containers")
                || l.contains("adoption ") || l.contains("adopted ") && l.contains("container(s)")
                || l.contains("replaying") || l.contains("restored ")).toList();

        System.out.printf("berth crash: burst of %d docker run -d (%d clients); SIGKILL after %d answers; answered %d,"
                        + " not answered %d; %s%n", BURST, CLIENTS, atKill, burst.answered().size(),
                burst.failed().size(), tally);
        System.out.printf("berth crash: relaunch to first ping %.1f s; first ps %.1f s after it; rm -f of %d "
                        + "containers %.1f s; a new run %.1f s (%.1f s before the crash); all done %.1f s after the "
                        + "first ping%n", (ready - launched) / 1e9, firstList, removing.size(), rmSeconds, runAfter,
                runBefore, sinceReady);
        System.out.println("berth crash: monitors alive " + monitors.size() + ", adopted alive " + adoptedCount);
        recoveryLines.stream().filter(l -> !l.contains("adopted container ")).forEach(l ->
                System.out.println("berth crash: log: " + l));

        assertEquals(0, tally.lost(), tally.toString());
        assertEquals(0, tally.duplicates(), tally.toString());
        List<String> notAdopted = monitors.values().stream().filter(id -> !log.contains("adopted container " + id))
                .toList();
        assertEquals(List.of(), notAdopted, "every monitor's container adopted: " + recoveryLines);
        assertTrue(adoptedCount >= burst.answered().size(), "the adoption tally counts them: " + recoveryLines);
        for (String id : burst.answered().values()) {
            assertTrue(log.contains("adopted container " + id), "the log names " + id + " adopted");
        }
        assertTrue(log.contains("adopting the containers of"), "the log says what it adopts");
        assertEquals("back", newRun.stdout().trim(), newRun.toString());
        assertTrue(sinceReady <= NORMAL_WITHIN_S, "rm -f of every container and a new run within "
                + NORMAL_WITHIN_S + " s of the restart: " + sinceReady + " s");
    }

    private static String state(String id) {
        return docker.ok("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", id).stdout().trim();
    }

    private static List<String> nodeContainers() {
        try (var dirs = Files.list(platform.containers())) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void removeAll(List<String> ids) throws InterruptedException {
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> removers = new ArrayList<>();
        int batch = 20;
        for (int c = 0; c < CLIENTS; c++) {
            int first = c;
            Thread t = new Thread(() -> {
                for (int from = first * batch; from < ids.size(); from += CLIENTS * batch) {
                    List<String> argv = new ArrayList<>(List.of("rm", "-f"));
                    argv.addAll(ids.subList(from, Math.min(ids.size(), from + batch)));
                    DockerCli.Result rm = docker.run(Duration.ofSeconds(120), argv.toArray(String[]::new));
                    if (!rm.ok()) {
                        failures.add(rm.toString());
                    }
                }
            }, "crash-rm-" + c);
            t.start();
            removers.add(t);
        }
        for (Thread t : removers) {
            t.join();
        }
        assertEquals(List.of(), failures, "rm -f after the restart");
        List<String> left = new ArrayList<>();
        for (String id : ids) {
            if (!HostTraces.mounts(id).isEmpty() || !HostTraces.cgroups(id).isEmpty()) {
                left.add(id);
            }
        }
        assertEquals(List.of(), left, "containers with a mount or cgroup left after rm -f");
    }
}
