package io.berth.agent.lifecycle;

import io.berth.agent.NodePaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContainerDiskTest {
    private static final String ID = "ab".repeat(32);

    @Test
    void aDiscardedDirectoryLeavesContainersAtOnceAndIsDeletedBehind(@TempDir Path root) throws Exception {
        NodePaths paths = new NodePaths(root);
        paths.create();
        Files.createDirectories(paths.container(ID).resolve("upper/a/b"));
        Files.writeString(paths.container(ID).resolve("upper/a/b/f"), "x");
        ContainerDisk disk = new ContainerDisk(paths, null);
        disk.discard(ID);
        assertFalse(Files.exists(paths.container(ID)), "still under containers/");
        assertTrue(emptied(paths.discarded()), "never deleted from discarded/");
        disk.discard(ID);
    }

    @Test
    void whatAnEarlierAgentLeftToDeleteIsSweptAtStart(@TempDir Path root) throws Exception {
        NodePaths paths = new NodePaths(root);
        paths.create();
        Files.createDirectories(paths.discarded().resolve(ID + ".1/upper"));
        new ContainerDisk(paths, null).sweepDiscarded();
        assertTrue(emptied(paths.discarded()), "left behind");
    }

    private static boolean emptied(Path dir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (var left = Files.list(dir)) {
                if (left.findAny().isEmpty()) {
                    return true;
                }
            }
            Thread.sleep(20);
        }
        return false;
    }
}
