package io.berth.gateway.build;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BuildContextTest {
    @TempDir
    Path temp;

    @Test
    void aContextWithoutItsEndRecordsUnpacksAsTheCliSendsItForAnOutsideDockerfile() throws Exception {
        byte[] whole = tar("a.txt", "hi\n", ".dockerfile.0670e007", "FROM busybox\nCOPY a.txt /\n");
        // the CLI's rewritten tar: the last file's data not padded, no end-of-archive records
        int end = 512 + 512 + 512 + "FROM busybox\nCOPY a.txt /\n".length();
        try (BuildContext context = BuildContext.unpack(new ByteArrayInputStream(Arrays.copyOf(whole, end)), temp)) {
            assertEquals("hi\n", Files.readString(context.root().resolve("a.txt")));
            assertEquals("FROM busybox\nCOPY a.txt /\n", Files.readString(context.root().resolve(".dockerfile.0670e007")));
        }
    }

    @Test
    void aContextCutInsideAFileIsStillRefused() throws Exception {
        String big = "x".repeat(5000);
        byte[] whole = tar("big", big, "small", "y");
        byte[] cut = Arrays.copyOf(whole, 512 + 2048);
        assertThrows(IOException.class, () -> BuildContext.unpack(new ByteArrayInputStream(cut), temp));
        try (var left = Files.list(temp)) {
            assertEquals(0, left.count(), "a refused context leaves no directory behind");
        }
    }

    private static byte[] tar(String... namesAndContents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                byte[] data = namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(namesAndContents[i]);
                entry.setSize(data.length);
                entry.setMode(0100644);
                out.putArchiveEntry(entry);
                out.write(data);
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
