package io.berth.deploy.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Losing one of three control hosts loses and duplicates nothing: on {@link HaPlatform} (three control processes
 * forming one KRaft cluster and one Hazelcast cluster, one agent), a burst of {@value #BURST} {@code docker run -d}
 * through control host 1's gateway, three at a time, has control host 3 SIGKILLed once a third of them are
 * answered. Every create answered with an id exists afterwards in {@code docker ps -a}, running, with its cgroup on
 * the node (lost = 0), and no name is listed twice (duplicates = 0); control host 2's gateway lists the same.
 */
@E2e(E2e.Layout.HA)
class ControlHostLossIT {
    private static final int BURST = 50;
    private static final int CLIENTS = 3;
    private static final int KILL_AFTER = BURST / 3;
    private static final int KILLED = 2;
    private static HaPlatform platform;
    private static DockerCli docker; // control host 1's gateway

    // before the fixture stops the platform
    @AfterAll
    static void stop() {
        if (docker != null) {
            removeEverything();
        }
    }

    @Test
    void sigkillOfOneControlHostDuringABurstLosesAndDuplicatesNothing() throws Exception {
        HaClusterView before = HaClusterView.of(platform);
        System.out.println("berth ha: before the kill " + before);
        assertEquals(3, before.brokers(), before.toString());
        assertEquals(3, before.members(), before.toString());
        assertTrue(before.everyTopicHas(3, 2, "2"), "Berth's topics: replication 3, two or more in sync, min.insync 2: "
                + before);
        docker.ok(Duration.ofSeconds(120), "run", "-d", "--name", "ha-warm", "busybox", "sleep", "600");
        CreateBurst burst = new CreateBurst(docker, "ha-burst", BURST, "busybox", "sleep", "600").start(CLIENTS);
        burst.awaitDone(KILL_AFTER, Duration.ofSeconds(300));
        long killedAt = System.nanoTime();
        int answeredBeforeKill = burst.done();
        long killedPid = platform.controlPid(KILLED);
        platform.killControl(KILLED);
        assertFalse(HostTraces.processAlive(killedPid), "control host 3 is gone");
        burst.finish(Duration.ofMinutes(10));
        double afterKill = (System.nanoTime() - killedAt) / 1e9;
        Map<String, String> answered = burst.answered();
        Map<String, String> failed = burst.failed();

        // the dead broker is fenced after its 9 s session, the dead member dropped after a failed reconnect
        HaClusterView[] after = new HaClusterView[1];
        Eventually.holds(Duration.ofSeconds(60), () -> {
            after[0] = HaClusterView.of(platform);
            return after[0].brokers() == 2 && after[0].members() == 2;
        });
        System.out.println("berth ha: after the kill " + after[0]);
        assertEquals(2, after[0].brokers(), after[0].toString());
        assertEquals(2, after[0].members(), after[0].toString());

        Map<String, List<String[]>> listed = CreateBurst.listed(docker);
        // lost as the burst counts it: listed under its name, running, with its cgroup
        CreateBurst.Tally tally = burst.tally(listed, List.of());
        int lost = tally.lost();
        List<String> lostNames = tally.lostNames();
        int duplicates = 0;
        for (var e : listed.entrySet()) {
            duplicates += e.getValue().size() - 1;
        }
        int unansweredButThere = (int) failed.keySet().stream().filter(listed::containsKey).count();
        System.out.printf("berth ha: burst of %d docker run -d (%d clients) in %.1f s; control host 3 (pid %d) "
                        + "SIGKILLed after %d answers, %.1f s before the end; slowest answer %.1f s%n", BURST, CLIENTS,
                burst.seconds(), killedPid, answeredBeforeKill, afterKill, burst.slowestSeconds());
        System.out.printf("berth ha: answered with an id %d, not answered %d (of which listed anyway %d), "
                + "lost %d, duplicates %d%n", answered.size(), failed.size(), unansweredButThere, lost, duplicates);
        failed.forEach((name, why) -> System.out.println("berth ha: not answered " + name + ": " + why));

        assertEquals(0, lost, "every create answered with an id exists, running: lost " + lostNames);
        assertEquals(0, duplicates, "no name listed twice: " + listed);
        assertTrue(answered.size() >= KILL_AFTER, "the burst went on being answered: " + answered.size());
        Map<String, List<String[]>> fromHost2 = CreateBurst.listed(platform.docker(1));
        assertEquals(listed.keySet(), fromHost2.keySet(), "control host 2's gateway lists the same containers");
        DockerCli.Result newRun = docker.run(Duration.ofSeconds(120), "run", "--rm", "busybox", "echo",
                "still-here");
        assertEquals("still-here", newRun.stdout().trim(), "a new run after the loss: " + newRun);
    }

    // Every container the platform lists (all of them this class's), then the traces each left, if any.
    private static void removeEverything() {
        List<String> ids = new ArrayList<>();
        CreateBurst.listed(docker).values().forEach(rows -> rows.forEach(row -> ids.add(row[0])));
        for (int from = 0; from < ids.size(); from += 10) {
            List<String> argv = new ArrayList<>(List.of("rm", "-f"));
            argv.addAll(ids.subList(from, Math.min(ids.size(), from + 10)));
            DockerCli.Result rm = docker.run(Duration.ofSeconds(120), argv.toArray(String[]::new));
            assertTrue(rm.ok(), rm.toString());
        }
        List<String> left = new ArrayList<>();
        for (String id : ids) {
            if (!HostTraces.mounts(id).isEmpty() || !HostTraces.cgroups(id).isEmpty()) {
                left.add(id);
            }
        }
        assertEquals(Collections.emptyList(), left, "containers with a mount or cgroup left after rm -f");
        assertEquals(Set.of(), CreateBurst.listed(docker).keySet(), "nothing listed after rm -f");
    }
}
