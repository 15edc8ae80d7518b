package io.berth.deploy.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code docker diff} after adding, changing and deleting files (a deleted directory recreated reads as
 * deletions of what it held), and {@code docker export} of a running and a stopped container read back by tar.
 */
@E2e
class DiffExportIT {
    private static DockerCli docker;
    private static MadeContainers made;

    @TempDir
    Path local;

    @Test
    void diffShowsAddedChangedAndDeleted() {
        String id = made.runDetached("busybox", "sh", "-c", "echo new > /added.txt && echo more >> /etc/group && "
                + "rm /etc/passwd && rm -rf /usr/sbin && mkdir /usr/sbin && touch /usr/sbin/mine && sleep 300");
        String[] expected = {"A /added.txt", "C /etc", "C /etc/group", "D /etc/passwd"};
        String diff = awaitDiff(id, expected);
        List<String> lines = diff.lines().toList();
        for (String want : expected) {
            assertTrue(lines.contains(want), want + " in:\n" + diff);
        }
        assertTrue(lines.contains("A /usr/sbin/mine"), diff);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("D /usr/sbin/")),
                "the opaque directory hides what the image had there:\n" + diff);
        assertFalse(lines.contains("A /dev/init"), diff);

        docker.out("stop", "-t", "1", id);
        assertEquals(diff, docker.out("diff", id), "a stopped container's diff is the same");
        DockerCli.Result missing = docker.run("diff", "no-such-container");
        assertFalse(missing.ok(), missing.toString());
    }

    @Test
    void exportStreamsTheMergedRoot() throws Exception {
        String id = made.runDetached("busybox", "sh", "-c", "echo exported > /marker && rm /etc/passwd && sleep 300");
        awaitDiff(id, "A /marker");
        Path tar = local.resolve("running.tar");
        docker.out("export", "-o", tar.toString(), id);
        List<String> names = HostTraces.exec(List.of("tar", "-tf", tar.toString())).lines().toList();
        assertTrue(names.contains("marker"), names.toString());
        assertTrue(names.contains("bin/busybox"), names.toString());
        assertFalse(names.contains("etc/passwd"), "a deleted file is not exported");
        assertEquals("exported", HostTraces.exec(List.of("tar", "-xOf", tar.toString(), "marker")).trim());

        docker.out("stop", "-t", "1", id);
        Path stopped = local.resolve("stopped.tar");
        docker.out("export", "-o", stopped.toString(), id);
        assertTrue(HostTraces.exec(List.of("tar", "-tf", stopped.toString())).lines().anyMatch("marker"::equals));
        assertTrue(HostTraces.mounts(id).isEmpty(), "export of a stopped container leaves nothing mounted");
    }

    private static String awaitDiff(String id, String... wanted) {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String diff = "";
        while (System.nanoTime() < end) {
            diff = docker.out("diff", id);
            List<String> lines = diff.lines().toList();
            if (lines.containsAll(List.of(wanted))) {
                return diff;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return diff;
    }
}
