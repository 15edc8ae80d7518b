package io.berth.imagestore.seed;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BusyboxLayerTest {
    private static final BusyboxBinary BUSYBOX = BusyboxBinary.probe(Path.of("/bin/busybox"));

    @Test
    void buildingTwiceGivesTheSameDigests() {
        Layer first = BusyboxLayer.build(BUSYBOX.bytes(), BUSYBOX.applets(), BUSYBOX.modified());
        Layer second = BusyboxLayer.build(BUSYBOX.bytes(), BUSYBOX.applets(), BUSYBOX.modified());
        assertEquals(first.digest(), second.digest());
        assertEquals(first.diffId(), second.diffId());
        assertArrayEquals(first.gzipped(), second.gzipped());
        assertNotEquals(first.digest(), first.diffId());
    }

    @Test
    void gzipHeaderCarriesNoTimeAndNoName() {
        byte[] gz = BusyboxLayer.build(BUSYBOX.bytes(), BUSYBOX.applets(), BUSYBOX.modified()).gzipped();
        assertEquals(0x1f, gz[0] & 0xff);
        assertEquals(0x8b, gz[1] & 0xff);
        assertEquals(0, gz[3] & 0x08, "FNAME flag set");
        assertArrayEquals(new byte[4], java.util.Arrays.copyOfRange(gz, 4, 8), "MTIME set");
    }

    @Test
    void tarHoldsBusyboxItsAppletsAndAMinimalEtc() throws IOException {
        Map<String, TarArchiveEntry> entries = entries(
                BusyboxLayer.build(BUSYBOX.bytes(), BUSYBOX.applets(), BUSYBOX.modified()).gzipped());
        TarArchiveEntry sh = entries.get("bin/sh");
        assertTrue(sh.isSymbolicLink());
        assertEquals("/bin/busybox", sh.getLinkName());
        TarArchiveEntry busybox = entries.get("bin/busybox");
        assertTrue(busybox.isFile());
        assertEquals(0755, busybox.getMode() & 07777);
        assertEquals(BUSYBOX.bytes().length, busybox.getSize());
        assertEquals(0700, entries.get("root/").getMode() & 07777);
        assertEquals(01777, entries.get("tmp/").getMode() & 07777);
        assertTrue(entries.containsKey("etc/passwd"));
        assertTrue(entries.containsKey("etc/group"));
        assertTrue(entries.get("usr/bin/env").isSymbolicLink());
        for (TarArchiveEntry e : entries.values()) {
            assertEquals(0, e.getLongUserId(), e.getName());
            assertEquals(0, e.getLongGroupId(), e.getName());
            assertEquals(BUSYBOX.modified().getEpochSecond(), e.getModTime().toInstant().getEpochSecond(), e.getName());
        }
        List<String> paths = entries.keySet().stream().map(n -> n.replaceAll("/$", "")).toList();
        List<String> sorted = new ArrayList<>(paths);
        sorted.sort(null);
        assertEquals(sorted, paths, "entries are not in path order");
        assertEquals(BUSYBOX.applets().size() - (BUSYBOX.applets().contains("bin/busybox") ? 1 : 0),
                entries.values().stream().filter(TarArchiveEntry::isSymbolicLink).count());
    }

    @Test
    void readsDebiansVersionFromTheBanner() {
        assertEquals("1:1.35.0-4+deb12u1+b1",
                BusyboxBinary.version("BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary."));
        assertEquals("v1.36.1", BusyboxBinary.version("BusyBox v1.36.1 multi-call binary."));
        assertFalse(BUSYBOX.applets().isEmpty());
    }

    private static Map<String, TarArchiveEntry> entries(byte[] gz) throws IOException {
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(gz)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                entries.put(e.getName(), e);
            }
        }
        return entries;
    }
}
