package io.berth.agent.layer;

import io.berth.agent.testing.RootRequirement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LibcWhiteoutsTest {
    @TempDir
    Path dir;

    @Test
    void aWhiteoutIsACharacterDevice00() throws IOException {
        RootRequirement.require(getClass().getSimpleName());
        Path hidden = dir.resolve("gone");
        new LibcWhiteouts().hide(hidden);
        assertTrue(Files.readAttributes(hidden, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS).size() == 2);
        int mode = (Integer) Files.getAttribute(hidden, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        assertEquals(0020000, mode & 0170000, "S_IFCHR");
        assertEquals(0L, Files.getAttribute(hidden, "unix:rdev", LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void anOpaqueMarkIsWrittenOnADirectory() throws IOException {
        RootRequirement.require(getClass().getSimpleName());
        Path opaque = Files.createDirectory(dir.resolve("opaque"));
        new LibcWhiteouts().makeOpaque(opaque); // throws with errno when the kernel refuses
        Process getfattr;
        try {
            getfattr = new ProcessBuilder("getfattr", "-n", "trusted.overlay.opaque", "--only-values", opaque.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException noTool) {
            return; // getfattr (attr package) not installed: the syscall's success is all we can see
        }
        try {
            assertEquals("y", new String(getfattr.getInputStream().readAllBytes()).trim());
        } finally {
            getfattr.destroy();
        }
    }
}
