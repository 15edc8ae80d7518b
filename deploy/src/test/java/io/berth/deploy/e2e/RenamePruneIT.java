package io.berth.deploy.e2e;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code docker rename} and {@code docker container prune}, as a user runs them. */
@E2e
class RenamePruneIT {
    private static DockerCli docker;

    @Test
    void renameMovesTheNameAndRefusesATakenOne() {
        assertTrue(docker.run("create", "--name", "rn-old", "busybox", "true").ok());
        assertTrue(docker.run("create", "--name", "rn-other", "busybox", "true").ok());
        try {
            DockerCli.Result rename = docker.run("rename", "rn-old", "rn-new");
            assertTrue(rename.ok(), rename.toString());
            assertEquals("/rn-new", docker.run("inspect", "-f", "{{.Name}}", "rn-new").stdout().trim());
            assertEquals(1, docker.run("inspect", "rn-old").exitCode(), "the old name is free");
            DockerCli.Result taken = docker.run("rename", "rn-new", "rn-other");
            assertEquals(1, taken.exitCode(), taken.toString());
            assertTrue(taken.stderr().contains("is already in use"), taken.toString());
            assertTrue(docker.run("create", "--name", "rn-old", "busybox", "true").ok(), "old name reusable");
            assertTrue(docker.run("rm", "rn-old").ok());
        } finally {
            docker.run("rm", "-f", "rn-new", "rn-other");
        }
    }

    @Test
    void pruneRemovesStoppedContainersOnly() {
        DockerCli.Result running = docker.run("run", "-d", "--name", "pr-running", "-l", "suite=prune", "busybox",
                "sleep", "100");
        assertTrue(running.ok(), running.toString());
        DockerCli.Result stopped = docker.run("create", "--name", "pr-stopped", "-l", "suite=prune", "busybox", "true");
        assertTrue(stopped.ok(), stopped.toString());
        String stoppedId = stopped.stdout().trim();
        try {
            DockerCli.Result prune = docker.run("container", "prune", "-f", "--filter", "label=suite=prune");
            assertTrue(prune.ok(), prune.toString());
            assertTrue(prune.stdout().contains(stoppedId), prune.toString());
            String all = docker.run("ps", "-a", "--format", "{{.Names}}").stdout();
            assertTrue(all.contains("pr-running"), all);
            assertFalse(all.contains("pr-stopped"), all);
        } finally {
            docker.run("rm", "-f", "pr-running", "pr-stopped");
        }
    }
}
