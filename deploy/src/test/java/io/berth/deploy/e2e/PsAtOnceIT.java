package io.berth.deploy.e2e;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code docker ps} is answered from the gateway's in-memory view of the records, yet shows every lifecycle step the
 * moment the command that made it returns: create, start, stop, rm, each followed at once by {@code ps} through the
 * real CLI, several rounds (a view that lagged its events would show the step before on some round).
 */
@E2e
class PsAtOnceIT {
    private static DockerCli docker;
    private static MadeContainers made;

    private static String status(String name) {
        DockerCli.Result ps = docker.run("ps", "-a", "--filter", "name=^" + name + "$", "--format", "{{.Status}}");
        assertTrue(ps.ok(), ps.toString());
        return ps.stdout().trim();
    }

    @Test
    void psReflectsEachStepAtOnce() {
        for (int round = 0; round < 5; round++) {
            String name = "ps-at-once-" + round;
            DockerCli.Result create = docker.run("create", "--name", name, "busybox", "sleep", "300");
            assertTrue(create.ok(), create.toString());
            made.add(create.stdout().trim());
            assertEquals("Created", status(name), "round " + round + ": after create");

            assertTrue(docker.run("start", name).ok());
            assertTrue(status(name).startsWith("Up "), "round " + round + ": after start: " + status(name));

            assertTrue(docker.run("stop", "-t", "0", name).ok());
            assertTrue(status(name).startsWith("Exited (137) "), "round " + round + ": after stop: " + status(name));

            assertTrue(docker.run("rm", name).ok());
            assertEquals("", status(name), "round " + round + ": after rm");
        }
    }
}
