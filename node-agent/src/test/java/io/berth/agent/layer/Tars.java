package io.berth.agent.layer;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/** Builds tar layers in memory, hostile ones included, entry by entry. */
final class Tars {
    private final List<TarArchiveEntry> entries = new ArrayList<>();
    private final List<byte[]> bodies = new ArrayList<>();

    Tars dir(String name, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR);
        e.setMode(040000 | mode);
        return add(e, new byte[0]);
    }

    Tars file(String name, String content, int mode) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
        e.setMode(0100000 | mode);
        e.setSize(bytes.length);
        return add(e, bytes);
    }

    Tars symlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        e.setLinkName(target);
        e.setMode(0120777);
        return add(e, new byte[0]);
    }

    Tars hardlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK);
        e.setLinkName(target);
        return add(e, new byte[0]);
    }

    Tars charDevice(String name, int major, int minor) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_CHR);
        e.setDevMajor(major);
        e.setDevMinor(minor);
        e.setMode(020666);
        return add(e, new byte[0]);
    }

    Tars owned(int uid, int gid) {
        TarArchiveEntry last = entries.get(entries.size() - 1);
        last.setUserId(uid);
        last.setGroupId(gid);
        return this;
    }

    Tars modified(long epochSeconds) {
        entries.get(entries.size() - 1).setModTime(new Date(epochSeconds * 1000));
        return this;
    }

    private Tars add(TarArchiveEntry entry, byte[] body) {
        entries.add(entry);
        bodies.add(body);
        return this;
    }

    byte[] tar() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        write(bytes);
        return bytes.toByteArray();
    }

    byte[] gzip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(bytes)) {
            write(gz);
        }
        return bytes.toByteArray();
    }

    /** The tar zstd-compressed, as an OCI {@code tar+zstd} layer. */
    byte[] zstd() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZstdCompressorOutputStream zstd = new ZstdCompressorOutputStream(bytes)) {
            write(zstd);
        }
        return bytes.toByteArray();
    }

    private void write(OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        for (int i = 0; i < entries.size(); i++) {
            tar.putArchiveEntry(entries.get(i));
            tar.write(bodies.get(i));
            tar.closeArchiveEntry();
        }
        tar.finish();
        tar.flush();
    }
}
