package io.berth.agent.layer;

import io.berth.events.spec.Digest;
import io.berth.agent.NodePaths;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayerStoreTest {
    @TempDir
    Path root;
    NodePaths paths;
    byte[] served;
    final AtomicInteger fetches = new AtomicInteger();
    LayerStore store;

    @BeforeEach
    void setUp() throws IOException {
        paths = new NodePaths(root);
        paths.create();
        store = new LayerStore(paths, (repository, digest) -> {
            fetches.incrementAndGet();
            assertEquals("library/busybox", repository);
            return new ByteArrayInputStream(served);
        }, new LayerUnpacker(new RecordedWhiteouts(), false));
    }

    static Digest digestOf(byte[] bytes) throws Exception {
        return new Digest(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    }

    private static List<Path> children(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void aVerifiedLayerIsUnpackedOnceUnderItsDigest() throws Exception {
        served = new Tars().file("bin/busybox", "elf", 0755).gzip();
        Digest digest = digestOf(served);
        Path dir = store.ensure("library/busybox", digest);
        assertEquals(paths.layer(digest.hex()), dir);
        assertEquals("elf", Files.readString(dir.resolve("bin/busybox")));
        assertEquals(0755, (int) Files.getAttribute(dir, "unix:mode") & 0777, "the layer root becomes the container's /");
        store.ensure("library/busybox", digest);
        assertEquals(1, fetches.get(), "a present layer is shared, not pulled again");
        assertEquals(List.of(), children(paths.blobsTmp()));
        assertEquals(List.of(dir), children(paths.layers()));
    }

    @Test
    void aDownloadCutShortSaysSoAndLeavesNothingBehind() throws Exception {
        served = new Tars().file("bin/busybox", "elf", 0755).gzip();
        Digest digest = digestOf(served);
        // what a killed image store looks like mid-body: some bytes, then an exception without a message
        LayerStore cut = new LayerStore(paths, (repository, d) -> new java.io.InputStream() {
            private int left = 10;

            @Override
            public int read() throws IOException {
                if (left-- > 0) {
                    return 'x';
                }
                throw new java.io.EOFException();
            }
        }, new LayerUnpacker(new RecordedWhiteouts(), false));
        LayerFailure e = assertThrows(LayerFailure.class, () -> cut.ensure("library/busybox", digest));
        assertEquals("layer " + digest + " of library/busybox: the download from the image store failed: "
                + "EOFException", e.getMessage());
        assertEquals(List.of(), children(paths.blobsTmp()));
        assertEquals(List.of(), children(paths.layers()));
    }

    @Test
    void aDigestMismatchIsRefusedAndLeavesNothingBehind() throws Exception {
        served = new Tars().file("evil", "x", 0644).tar();
        Digest claimed = digestOf("something else".getBytes());
        DigestMismatch e = assertThrows(DigestMismatch.class, () -> store.ensure("library/busybox", claimed));
        assertTrue(e.getMessage().contains(claimed.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(digestOf(served).toString()), e.getMessage());
        assertFalse(store.present(claimed));
        assertEquals(List.of(), children(paths.blobsTmp()));
        assertEquals(List.of(), children(paths.layers()));
    }

    @Test
    void aMismatchFoundAfterAStreamedUnpackRemovesThePartlyUnpackedLayer() throws Exception {
        // a real layer, but a few bytes appended after its tar: they are only seen at the end of the stream
        byte[] layer = new Tars().file("bin/busybox", "elf", 0755).file("etc/hosts", "h", 0644).tar();
        Digest digest = digestOf(layer);
        served = java.util.Arrays.copyOf(layer, layer.length + 7);
        DigestMismatch e = assertThrows(DigestMismatch.class, () -> store.ensure("library/busybox", digest));
        assertEquals("layer " + digest + " of library/busybox: digest mismatch, content is " + digestOf(served),
                e.getMessage());
        assertFalse(store.present(digest));
        assertEquals(List.of(), children(paths.layers()), "the staging directory is gone");
    }

    @Test
    void anUnsafeLayerThatIsNotTheNamedLayerIsReportedAsAMismatch() throws Exception {
        served = new Tars().file("../escape", "x", 0644).tar();
        Digest claimed = digestOf("another layer".getBytes());
        assertThrows(DigestMismatch.class, () -> store.ensure("library/busybox", claimed));
        assertEquals(List.of(), children(paths.layers()));
        assertFalse(Files.exists(paths.layers().resolve("escape")));
    }

    @Test
    void anUnsafeLayerLeavesNoStagingDirectory() throws Exception {
        served = new Tars().file("../escape", "x", 0644).tar();
        Digest digest = digestOf(served);
        LayerFailure e = assertThrows(LayerFailure.class, () -> store.ensure("library/busybox", digest));
        assertTrue(e.getMessage().contains("../escape"), e.getMessage());
        assertEquals(List.of(), children(paths.layers()));
        assertEquals(List.of(), children(paths.blobsTmp()));
        assertFalse(Files.exists(paths.layers().resolve("escape")));
    }

    @Test
    void digestsAreParsedStrictly() {
        assertEquals("a".repeat(64), Digest.parse("sha256:" + "a".repeat(64)).hex());
        assertThrows(IllegalArgumentException.class, () -> Digest.parse("sha512:" + "a".repeat(128)));
        assertThrows(IllegalArgumentException.class, () -> Digest.parse("sha256:../../etc"));
    }

    @Test
    void pruningRemovesOnlyLayersUnusedForTheKeepPeriodAndNotInUse() throws Exception {
        served = new Tars().file("a", "1", 0644).gzip();
        Digest first = digestOf(served);
        store.ensure("library/busybox", first);
        byte[] firstBlob = served;
        served = new Tars().file("b", "2", 0644).gzip();
        Digest second = digestOf(served);
        store.ensure("library/busybox", second);
        Path mounts = Files.writeString(root.resolve("mountinfo"), "");
        java.time.Instant later = java.time.Instant.now().plus(java.time.Duration.ofHours(2));
        LayerPruner pruner = new LayerPruner(store, () -> java.util.Set.of(second), mounts,
                java.time.Clock.fixed(later, java.time.ZoneOffset.UTC), java.time.Duration.ofHours(1));

        assertEquals(List.of(first), pruner.prune());
        assertFalse(Files.exists(paths.layer(first.hex())));
        assertTrue(Files.isDirectory(paths.layer(second.hex())));
        assertFalse(Files.exists(paths.layerUse(first.hex())));
        try (Stream<Path> left = Files.list(paths.layers())) {
            assertEquals(List.of(second.hex()), left.map(p -> p.getFileName().toString()).toList());
        }
        // needed again: pulled again
        served = firstBlob;
        int before = fetches.get();
        store.ensure("library/busybox", first);
        assertEquals(before + 1, fetches.get());
        // a fresh use within the keep period protects it even with no container
        LayerPruner soon = new LayerPruner(store, java.util.Set::of, mounts, java.time.Clock.systemUTC(),
                java.time.Duration.ofHours(1));
        assertEquals(List.of(), soon.prune());
    }
}
