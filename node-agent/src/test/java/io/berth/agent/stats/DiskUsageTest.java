package io.berth.agent.stats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DiskUsageTest {
    @TempDir
    Path tmp;

    @Test
    void sumsFileSizesCountingHardLinksOnceAndNeverFollowingSymlinks() throws IOException {
        Path upper = Files.createDirectories(tmp.resolve("upper/etc"));
        Files.write(upper.resolve("a"), new byte[1000]);
        Files.createLink(upper.resolve("a-again"), upper.resolve("a"));
        Path outside = Files.write(tmp.resolve("outside"), new byte[5000]);
        Files.createSymbolicLink(upper.resolve("link"), outside);

        long size = DiskUsage.of(tmp.resolve("upper"));

        assertEquals(1000 + outside.toString().length(), size, "the file once, the link's own size");
    }

    @Test
    void aMissingDirectoryIsEmpty() throws IOException {
        assertEquals(0, DiskUsage.of(tmp.resolve("nothing")));
    }
}
