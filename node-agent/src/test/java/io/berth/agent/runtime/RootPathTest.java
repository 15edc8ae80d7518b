package io.berth.agent.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RootPathTest {
    @TempDir
    Path tmp;

    @Test
    void symlinksAreFollowedInsideTheRoot() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("real"));
        Files.createSymbolicLink(root.resolve("abs"), Path.of("/etc"));      // would be the host's /etc
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../../.."));
        Files.createSymbolicLink(root.resolve("rel"), Path.of("real"));
        assertEquals("etc/x", RootPath.resolve(root, "/abs/x"));
        assertEquals("x", RootPath.resolve(root, "/up/x"));
        assertEquals("real/x", RootPath.resolve(root, "/rel/x"));
        assertEquals("x", RootPath.resolve(root, "/../../x"));
    }

    @Test
    void createMakesTheMountPointUnderTheRootOnly() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createSymbolicLink(root.resolve("escape"), outside);
        assertEquals(outside.toString().substring(1) + "/data", RootPath.create(root, "/escape/data", false));
        assertTrue(Files.isDirectory(root.resolve(outside.toString().substring(1)).resolve("data")));
        assertFalse(Files.exists(outside.resolve("data")));
        assertEquals("f.txt", RootPath.create(root, "/f.txt", true));
        assertTrue(Files.isRegularFile(root.resolve("f.txt")));
    }

    @Test
    void aLinkLoopIsRefused() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createSymbolicLink(root.resolve("a"), Path.of("/b"));
        Files.createSymbolicLink(root.resolve("b"), Path.of("/a"));
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> RootPath.resolve(root, "/a/x"));
    }
}
