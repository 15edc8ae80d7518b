package io.berth.agent.layer;

import io.berth.agent.testing.RootRequirement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayerUnpackerTest {
    @TempDir
    Path temp;
    Path layer;
    Path outside;
    final RecordedWhiteouts whiteouts = new RecordedWhiteouts();
    final LayerUnpacker unpacker = new LayerUnpacker(whiteouts, false);

    @BeforeEach
    void dirs() throws IOException {
        layer = Files.createDirectory(temp.resolve("layer"));
        outside = Files.createDirectory(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "host data");
    }

    private void unpack(byte[] blob) throws IOException {
        Path file = temp.resolve("blob-" + System.nanoTime());
        Files.write(file, blob);
        unpacker.unpack(file, layer);
    }

    /** Every path under the temp dir outside the layer: only what the test put there. */
    private List<String> outsideTheLayer() throws IOException {
        try (Stream<Path> all = Files.walk(temp)) {
            return all.filter(p -> !p.startsWith(layer) && !p.getFileName().toString().startsWith("blob-"))
                    .map(p -> temp.relativize(p).toString()).sorted().toList();
        }
    }

    private static final List<String> UNTOUCHED = List.of("", "outside", "outside/secret");

    @Test
    void dotDotIsRefusedAndWritesNothingOutside() throws IOException {
        byte[] tar = new Tars().file("../escape", "x", 0644).tar();
        UnsafeEntry e = assertThrows(UnsafeEntry.class, () -> unpack(tar));
        assertTrue(e.getMessage().contains("../escape"), e.getMessage());
        assertEquals(UNTOUCHED, outsideTheLayer());
        byte[] deeper = new Tars().dir("a", 0755).file("a/../../escape2", "x", 0644).tar();
        assertThrows(UnsafeEntry.class, () -> unpack(deeper));
        assertEquals(UNTOUCHED, outsideTheLayer());
    }

    @Test
    void absoluteNamesAreAnchoredAtTheLayerRoot() throws IOException {
        unpack(new Tars().file("/abs", "inside", 0644).file("/etc/hosts", "h", 0644).tar());
        assertEquals("inside", Files.readString(layer.resolve("abs")));
        assertEquals("h", Files.readString(layer.resolve("etc/hosts")));
        assertEquals(UNTOUCHED, outsideTheLayer());
    }

    @Test
    void aSymlinkPlantedEarlierIsNeverWrittenThrough() throws IOException {
        byte[] tar = new Tars().symlink("a", outside.toString()).file("a/passwd", "pwned", 0644).tar();
        UnsafeEntry e = assertThrows(UnsafeEntry.class, () -> unpack(tar));
        assertTrue(e.getMessage().contains("is a symlink"), e.getMessage());
        assertFalse(Files.exists(outside.resolve("passwd")));
        assertEquals(UNTOUCHED, outsideTheLayer());
        assertTrue(Files.isSymbolicLink(layer.resolve("a")));
    }

    @Test
    void aRelativeSymlinkDirectoryIsNotWrittenThroughEither() throws IOException {
        byte[] tar = new Tars().symlink("up", "../../outside").file("up/new", "pwned", 0644).tar();
        assertThrows(UnsafeEntry.class, () -> unpack(tar));
        assertEquals(UNTOUCHED, outsideTheLayer());
    }

    @Test
    void aFileEntryReplacesASymlinkInsteadOfFollowingIt() throws IOException {
        unpack(new Tars().symlink("x", outside.resolve("target").toString()).file("x", "mine", 0644).tar());
        assertFalse(Files.isSymbolicLink(layer.resolve("x")));
        assertEquals("mine", Files.readString(layer.resolve("x")));
        assertEquals(UNTOUCHED, outsideTheLayer());
    }

    @Test
    void symlinksAreStoredAsWrittenForTheContainerToResolve() throws IOException {
        unpack(new Tars().symlink("bin/sh", "/bin/busybox").tar());
        assertEquals(Path.of("/bin/busybox"), Files.readSymbolicLink(layer.resolve("bin/sh")));
    }

    @Test
    void hardlinksOutsideTheLayerAreRefused() throws IOException {
        assertThrows(UnsafeEntry.class, () -> unpack(new Tars().hardlink("h", "../outside/secret").tar()));
        // Absolute targets are anchored in the layer, where there is no such file.
        assertThrows(UnsafeEntry.class, () -> unpack(new Tars().hardlink("h2", outside.resolve("secret").toString()).tar()));
        assertThrows(UnsafeEntry.class,
                () -> unpack(new Tars().symlink("s", outside.toString()).hardlink("h3", "s/secret").tar()));
        assertEquals(1, (int) Files.getAttribute(outside.resolve("secret"), "unix:nlink"));
        assertEquals(UNTOUCHED, outsideTheLayer());
    }

    @Test
    void hardlinksInsideTheLayerShareTheFile() throws IOException {
        unpack(new Tars().file("bin/busybox", "elf", 0755).hardlink("bin/ls", "/bin/busybox").tar());
        assertEquals(2, (int) Files.getAttribute(layer.resolve("bin/ls"), "unix:nlink"));
        assertTrue(Files.isSameFile(layer.resolve("bin/ls"), layer.resolve("bin/busybox")));
    }

    @Test
    void deviceNodesAreSkipped() throws IOException {
        unpack(new Tars().charDevice("dev/mem", 1, 1).file("ok", "fine", 0644).tar());
        assertFalse(Files.exists(layer.resolve("dev/mem"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("fine", Files.readString(layer.resolve("ok")));
    }

    @Test
    void modesIncludingSetuidAndMtimesArePreserved() throws IOException {
        unpack(new Tars().dir("bin", 0711).modified(1_600_000_000L)
                .file("bin/su", "elf", 04755).modified(1_500_000_000L)
                .file("tmpfile", "x", 01777 & 0777).tar());
        assertEquals(04755, (int) Files.getAttribute(layer.resolve("bin/su"), "unix:mode") & 07777);
        assertEquals(0711, (int) Files.getAttribute(layer.resolve("bin"), "unix:mode") & 07777);
        assertEquals(FileTime.fromMillis(1_500_000_000_000L), Files.getLastModifiedTime(layer.resolve("bin/su")));
        // The directory's mtime is set after its children were written into it.
        assertEquals(FileTime.fromMillis(1_600_000_000_000L), Files.getLastModifiedTime(layer.resolve("bin")));
    }

    @Test
    void whiteoutsBecomeOverlayWhiteouts() throws IOException {
        unpack(new Tars().dir("etc", 0755).file("etc/old", "x", 0644).file("etc/.wh.old", "", 0644)
                .dir("var", 0755).file("var/.wh..wh..opq", "", 0644).tar());
        assertEquals(List.of(layer.resolve("etc/old")), whiteouts.hidden);
        assertEquals(List.of(layer.resolve("var")), whiteouts.opaque);
        assertFalse(Files.exists(layer.resolve("etc/old")));
        assertFalse(Files.exists(layer.resolve("etc/.wh.old")));
    }

    @Test
    void aWhiteoutCannotNameItsOwnDirectory() throws IOException {
        byte[] tar = new Tars().dir("etc", 0755).file("etc/x", "x", 0644).file("etc/.wh..", "", 0644).tar();
        assertThrows(UnsafeEntry.class, () -> unpack(tar));
        assertTrue(Files.exists(layer.resolve("etc/x")));
    }

    @Test
    void gzipLayersAreDetectedByTheirMagic() throws IOException {
        unpack(new Tars().file("hello", "world", 0644).gzip());
        assertEquals("world", Files.readString(layer.resolve("hello")));
    }

    @Test
    void zstdLayersAreDetectedByTheirMagic() throws IOException {
        unpack(new Tars().dir("etc", 0755).file("etc/hello", "zstd world", 0644).zstd());
        assertEquals("zstd world", Files.readString(layer.resolve("etc/hello")));
    }

    @Test
    void aTruncatedZstdLayerFailsInsteadOfUnpackingHalf() throws IOException {
        byte[] whole = new Tars().file("big", "x".repeat(100_000), 0644).zstd();
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);
        assertThrows(IOException.class, () -> unpack(cut));
        assertEquals(UNTOUCHED, outsideTheLayer());
    }

    @Test
    void anOpaqueMarkerHidesOnlyLowerLayersSiblingsOfItsOwnLayerStay() throws IOException {
        // OCI: an opaque whiteout applies to lower layers; entries of the same layer survive, in either order
        unpack(new Tars().dir("var", 0755).file("var/before", "b", 0644).file("var/.wh..wh..opq", "", 0644)
                .file("var/after", "a", 0644).tar());
        assertEquals(List.of(layer.resolve("var")), whiteouts.opaque);
        assertEquals("b", Files.readString(layer.resolve("var/before")));
        assertEquals("a", Files.readString(layer.resolve("var/after")));
        assertFalse(Files.exists(layer.resolve("var/.wh..wh..opq")));
    }

    @Test
    void aWhiteoutOfALowerLayersEntryCreatesItsParentsButNoFile() throws IOException {
        unpack(new Tars().file("usr/lib/.wh.gone", "", 0644).tar());
        assertEquals(List.of(layer.resolve("usr/lib/gone")), whiteouts.hidden);
        assertTrue(Files.isDirectory(layer.resolve("usr/lib")));
        assertFalse(Files.exists(layer.resolve("usr/lib/.wh.gone")));
    }

    @Test
    void aWhiteoutCannotClimbOutThroughItsName() throws IOException {
        assertThrows(UnsafeEntry.class, () -> unpack(new Tars().file("a/../../.wh.secret", "", 0644).tar()));
        assertEquals(UNTOUCHED, outsideTheLayer());
        assertTrue(whiteouts.hidden.isEmpty());
    }

    @Test
    void ownersAreSetWhenRunningAsRoot() throws IOException {
        RootRequirement.require(getClass().getSimpleName());
        Path blob = temp.resolve("blob-owned");
        Files.write(blob, new Tars().file("owned", "x", 04750).owned(1234, 5678).symlink("l", "owned").owned(42, 43)
                .tar());
        new LayerUnpacker(whiteouts, true).unpack(blob, layer);
        assertEquals(1234, Files.getAttribute(layer.resolve("owned"), "unix:uid"));
        assertEquals(5678, Files.getAttribute(layer.resolve("owned"), "unix:gid"));
        // chown clears setuid: the mode must have been applied after it.
        assertEquals(04750, (int) Files.getAttribute(layer.resolve("owned"), "unix:mode") & 07777);
        assertEquals(42, Files.getAttribute(layer.resolve("l"), "unix:uid", LinkOption.NOFOLLOW_LINKS));
    }
}
