package io.berth.agent.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectoryTreeTest {
    @TempDir
    Path temp;

    @Test
    void deletesLockedDirectoriesButNeverFollowsSymlinksOut() throws IOException {
        Path keep = Files.createDirectory(temp.resolve("keep"));
        Files.writeString(keep.resolve("precious"), "x");
        Path top = Files.createDirectory(temp.resolve("container"));
        Path work = Files.createDirectories(top.resolve("work/work"));
        Files.writeString(work.resolve("f"), "y");
        Files.setAttribute(work, "unix:mode", 0);
        Files.createSymbolicLink(top.resolve("escape"), keep);
        DirectoryTree.delete(top);
        assertFalse(Files.exists(top));
        assertTrue(Files.exists(keep.resolve("precious")));
    }

    @Test
    void aMissingTreeIsAlreadyDeleted() throws IOException {
        DirectoryTree.delete(temp.resolve("nothing"));
    }
}
