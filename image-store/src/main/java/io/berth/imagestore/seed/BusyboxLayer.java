package io.berth.imagestore.seed;

import io.berth.events.spec.Digest;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the one layer of the seed busybox image, deterministically: every entry owned by 0:0 with one fixed
 * mtime, entries sorted by path, a gzip header with neither time nor name. The same binary therefore always
 * gives the same layer digest and diff id, on any host, however often the store is rebuilt.
 */
public final class BusyboxLayer {
    static final String PASSWD = "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n";
    static final String GROUP = "root:x:0:\nnogroup:x:65534:\n";
    private static final String BUSYBOX = "bin/busybox";

    private static final int DIR = 040000;
    private static final int FILE = 0100000;
    private static final int LINK = 0120000;

    private BusyboxLayer() {
    }

    /** The layer holding {@code binary} at {@code /bin/busybox}, one symlink per applet, and a minimal /etc. */
    public static Layer build(byte[] binary, List<String> applets, Instant epoch) {
        Map<String, TarArchiveEntry> entries = new TreeMap<>();
        Date mtime = Date.from(epoch);
        for (String dir : List.of("bin", "dev", "etc", "home", "proc", "sys", "usr", "usr/bin", "usr/sbin", "sbin", "var")) {
            entries.put(dir, directory(dir, 0755, mtime));
        }
        entries.put("root", directory("root", 0700, mtime));
        entries.put("tmp", directory("tmp", 01777, mtime));
        entries.put(BUSYBOX, file(BUSYBOX, 0755, binary.length, mtime));
        entries.put("etc/passwd", file("etc/passwd", 0644, PASSWD.length(), mtime));
        entries.put("etc/group", file("etc/group", 0644, GROUP.length(), mtime));
        for (String applet : applets) {
            String path = applet.startsWith("/") ? applet.substring(1) : applet;
            if (path.isEmpty() || path.equals(BUSYBOX) || path.contains("..")) {
                continue;
            }
            addParents(entries, path, mtime);
            entries.putIfAbsent(path, symlink(path, "/" + BUSYBOX, mtime));
        }
        byte[] tar = tar(entries, Map.of(BUSYBOX, binary,
                "etc/passwd", PASSWD.getBytes(StandardCharsets.US_ASCII),
                "etc/group", GROUP.getBytes(StandardCharsets.US_ASCII)));
        byte[] gzipped = gzip(tar);
        return new Layer(gzipped, Digest.of(gzipped), Digest.of(tar));
    }

    // An applet in a directory we did not list would otherwise be unpacked under a directory with no entry.
    private static void addParents(Map<String, TarArchiveEntry> entries, String path, Date mtime) {
        int slash = path.indexOf('/');
        while (slash > 0) {
            String parent = path.substring(0, slash);
            entries.putIfAbsent(parent, directory(parent, 0755, mtime));
            slash = path.indexOf('/', slash + 1);
        }
    }

    private static byte[] tar(Map<String, TarArchiveEntry> entries, Map<String, byte[]> contents) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            // TreeMap order: a directory's name is a prefix of its children's, so it always comes first.
            for (Map.Entry<String, TarArchiveEntry> e : entries.entrySet()) {
                tar.putArchiveEntry(e.getValue());
                byte[] content = contents.get(e.getKey());
                if (content != null) {
                    tar.write(content);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the busybox layer", e);
        }
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] tar) {
        GzipParameters parameters = new GzipParameters();
        parameters.setModificationTime(0);
        parameters.setOperatingSystem(255);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(bytes, parameters)) {
            gz.write(tar);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compress the busybox layer", e);
        }
        return bytes.toByteArray();
    }

    private static TarArchiveEntry directory(String path, int mode, Date mtime) {
        TarArchiveEntry entry = owned(new TarArchiveEntry(path + "/", TarConstants.LF_DIR), mtime);
        entry.setMode(DIR | mode);
        return entry;
    }

    private static TarArchiveEntry file(String path, int mode, long size, Date mtime) {
        TarArchiveEntry entry = owned(new TarArchiveEntry(path, TarConstants.LF_NORMAL), mtime);
        entry.setMode(FILE | mode);
        entry.setSize(size);
        return entry;
    }

    private static TarArchiveEntry symlink(String path, String target, Date mtime) {
        TarArchiveEntry entry = owned(new TarArchiveEntry(path, TarConstants.LF_SYMLINK), mtime);
        entry.setMode(LINK | 0777);
        entry.setLinkName(target);
        return entry;
    }

    private static TarArchiveEntry owned(TarArchiveEntry entry, Date mtime) {
        entry.setIds(0, 0);
        entry.setNames("root", "root");
        entry.setModTime(mtime);
        return entry;
    }
}
