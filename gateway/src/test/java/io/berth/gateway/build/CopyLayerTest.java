package io.berth.gateway.build;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** COPY/ADD layers written from a real directory, read back entry by entry. */
class CopyLayerTest {
    private Path root;
    private Path temp;

    @BeforeEach
    void context() throws IOException {
        root = Files.createTempDirectory("copy-layer-ctx");
        temp = Files.createTempDirectory("copy-layer-tmp");
        Files.writeString(root.resolve("file.txt"), "one\n");
        Files.createDirectories(root.resolve("dir/sub"));
        Files.writeString(root.resolve("dir/a.txt"), "a\n");
        Files.writeString(root.resolve("dir/sub/b.txt"), "b\n");
        Files.writeString(root.resolve("x.cfg"), "x\n");
        Files.writeString(root.resolve("y.cfg"), "y\n");
        try (OutputStream raw = Files.newOutputStream(root.resolve("pack.tar"));
             TarArchiveOutputStream tar = new TarArchiveOutputStream(raw)) {
            byte[] body = "packed\n".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry("inner/p.txt");
            e.setSize(body.length);
            tar.putArchiveEntry(e);
            tar.write(body);
            tar.closeArchiveEntry();
        }
    }

    @AfterEach
    void clean() {
        BuildContext.deleteTree(root);
        BuildContext.deleteTree(temp);
    }

    private Map<String, TarArchiveEntry> entries(CopyLayer.Result result) throws IOException {
        Map<String, TarArchiveEntry> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(result.tar()); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                out.put(e.getName(), e);
            }
        }
        Files.delete(result.tar());
        return out;
    }

    @Test
    void fileDirectoryGlobArchiveAndOwners() throws IOException {
        CopyLayer.Result file = CopyLayer.write(root, List.of("file.txt"), "/app/f.txt", "COPY", 0, 0, null, temp);
        assertTrue(file.hash().startsWith("file:"), file.hash());
        assertEquals(List.of("app/f.txt"), List.copyOf(entries(file).keySet()));

        CopyLayer.Result dir = CopyLayer.write(root, List.of("dir/"), "/app/dir/", "COPY", 1000, 1001, 0600, temp);
        Map<String, TarArchiveEntry> d = entries(dir);
        assertEquals(List.of("app/dir/", "app/dir/a.txt", "app/dir/sub/", "app/dir/sub/b.txt"), List.copyOf(d.keySet()));
        assertEquals(1000, d.get("app/dir/a.txt").getLongUserId());
        assertEquals(1001, d.get("app/dir/a.txt").getLongGroupId());
        assertEquals(0600, d.get("app/dir/a.txt").getMode() & 07777);

        CopyLayer.Result glob = CopyLayer.write(root, List.of("*.cfg"), "/etc/", "COPY", 0, 0, null, temp);
        assertEquals(List.of("etc/x.cfg", "etc/y.cfg"), List.copyOf(entries(glob).keySet()));
        assertTrue(glob.hash().startsWith("multi:"));

        CopyLayer.Result added = CopyLayer.write(root, List.of("pack.tar"), "/opt/", "ADD", 0, 0, null, temp);
        assertEquals(List.of("opt/inner/p.txt"), List.copyOf(entries(added).keySet()));
        CopyLayer.Result copied = CopyLayer.write(root, List.of("pack.tar"), "/opt/", "COPY", 0, 0, null, temp);
        assertEquals(List.of("opt/pack.tar"), List.copyOf(entries(copied).keySet()), "COPY never unpacks");
    }

    @Test
    void theHashFollowsContentAndModeAndMissingSourcesFail() throws IOException {
        String before = CopyLayer.write(root, List.of("file.txt"), "/f", "COPY", 0, 0, null, temp).hash();
        Files.writeString(root.resolve("file.txt"), "two\n");
        String after = CopyLayer.write(root, List.of("file.txt"), "/f", "COPY", 0, 0, null, temp).hash();
        assertNotEquals(before, after);
        assertNotEquals(after, CopyLayer.write(root, List.of("file.txt"), "/f", "COPY", 0, 0, 0700, temp).hash());
        BuildFailure missing = assertThrows(BuildFailure.class,
                () -> CopyLayer.write(root, List.of("missing.txt"), "/x", "COPY", 0, 0, null, temp));
        assertEquals("COPY failed: file not found in build context or excluded by .dockerignore: stat missing.txt:"
                + " file does not exist", missing.getMessage());
        assertThrows(BuildFailure.class, () -> CopyLayer.write(root, List.of("x.cfg", "y.cfg"), "/etc", "COPY", 0, 0,
                null, temp), "several sources need a directory destination");
    }
}
