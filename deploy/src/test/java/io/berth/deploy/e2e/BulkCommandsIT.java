package io.berth.deploy.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The notes' bulk commands as a shell would expand them, on 20 containers: {@code docker stop $(docker container
 * ls -q)} and {@code docker rm $(docker container ls -aq)}; and the list flags and {@code system df} around them.
 */
@E2e
class BulkCommandsIT {
    private static DockerCli docker;
    private static MadeContainers made;

    private static List<String> ids(String... listArgs) {
        DockerCli.Result r = docker.run(listArgs);
        assertTrue(r.ok(), r.toString());
        return r.stdout().lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void stopAllThenRemoveAllOnTwentyContainers() {
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            started.add(made.runDetached("--name", "bulk-" + i, "busybox", "sleep", "300").substring(0, 12));
        }
        assertEquals("bulk-19", docker.run("ps", "-l", "--format", "{{.Names}}").stdout().trim());
        assertEquals(1, ids("ps", "-n", "1", "-q").size());
        assertEquals(64, ids("ps", "-q", "--no-trunc").get(0).length());
        DockerCli.Result df = docker.run("system", "df", "--format", "{{.Type}} {{.TotalCount}} {{.Active}}");
        assertTrue(df.ok(), df.toString());
        assertTrue(df.stdout().lines().anyMatch(l -> l.startsWith("Containers ") && !l.startsWith("Containers 0 ")),
                df.toString());

        List<String> running = ids("container", "ls", "-q");
        assertTrue(running.containsAll(started), running.toString());
        List<String> stop = new ArrayList<>(List.of("stop", "-t", "0"));
        stop.addAll(running);
        DockerCli.Result stopped = docker.run(Duration.ofSeconds(120), stop.toArray(String[]::new));
        assertTrue(stopped.ok(), stopped.toString());
        assertEquals(running, stopped.stdout().lines().toList(), "each id echoed back");
        assertEquals(List.of(), ids("container", "ls", "-q"));

        List<String> all = ids("container", "ls", "-aq");
        assertTrue(all.containsAll(started), all.toString());
        List<String> rm = new ArrayList<>(List.of("rm"));
        rm.addAll(all);
        DockerCli.Result removed = docker.run(Duration.ofSeconds(120), rm.toArray(String[]::new));
        assertTrue(removed.ok(), removed.toString());
        assertEquals(List.of(), ids("container", "ls", "-aq"));
    }
}
