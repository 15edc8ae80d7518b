package io.berth.imagestore.storage;

import io.berth.events.spec.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContentStoreTest {
    @TempDir
    Path root;

    @Test
    void storesUnderTheDigestOfTheContent() {
        ContentStore store = new ContentStore(new StoreLayout(root));
        byte[] bytes = "layer".getBytes(StandardCharsets.US_ASCII);
        Digest digest = store.put(bytes);
        assertEquals(root.resolve("blobs/sha256/" + digest.hex()), store.blob(digest).orElseThrow());
        assertArrayEquals(bytes, store.read(digest));
    }

    @Test
    void rejectsContentThatDoesNotMatchItsDigestAndLeavesNoFile() throws IOException {
        ContentStore store = new ContentStore(new StoreLayout(root));
        Digest claimed = Digest.of("what was promised".getBytes(StandardCharsets.US_ASCII));
        DigestMismatchException e = assertThrows(DigestMismatchException.class, () ->
                store.put(claimed, new ByteArrayInputStream("what was sent".getBytes(StandardCharsets.US_ASCII))));
        assertTrue(e.getMessage().contains(claimed.toString()), e.getMessage());
        assertFalse(store.has(claimed));
        try (var blobs = Files.list(root.resolve("blobs/sha256")); var uploads = Files.list(root.resolve("uploads"))) {
            assertEquals(0, blobs.count());
            assertEquals(0, uploads.count());
        }
    }

    @Test
    void tagsPointAtStoredManifests() {
        ContentStore store = new ContentStore(new StoreLayout(root));
        RepositoryName name = RepositoryName.parse("library/busybox");
        Digest manifest = store.put("{}".getBytes(StandardCharsets.US_ASCII));
        store.tag(name, Tag.parse("latest"), manifest);
        assertEquals(Optional.of(manifest), store.resolve(name, Tag.parse("latest")));
        assertEquals(Optional.empty(), store.resolve(name, Tag.parse("other")));
        assertEquals(List.of("latest"), store.tags(name));
        assertEquals(List.of("library/busybox"), store.repositories());
        Digest missing = Digest.of(new byte[]{1});
        assertThrows(IllegalArgumentException.class, () -> store.tag(name, Tag.parse("x"), missing));
    }

    @Test
    void namesAndTagsThatCouldEscapeTheRootAreRejected() {
        for (String bad : new String[]{"../etc", "a/../b", "Library/busybox", "/abs", "a//b", "a/", ""}) {
            assertThrows(IllegalArgumentException.class, () -> RepositoryName.parse(bad), bad);
        }
        for (String bad : new String[]{"..", ".hidden", "a/b", "", "x".repeat(129)}) {
            assertThrows(IllegalArgumentException.class, () -> Tag.parse(bad), bad);
        }
    }
}
