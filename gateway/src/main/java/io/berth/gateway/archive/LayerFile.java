package io.berth.gateway.archive;

import io.berth.events.spec.Digest;
import io.berth.events.spec.LayerRef;
import io.berth.gateway.http.ApiError;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * One layer as the store keeps it, spooled to a temp file: gzip bytes, their digest, and the digest of the plain
 * tar ({@code diff_id}). Gzip from {@link GZIPOutputStream} (level 1) has no time or name in its header, so the
 * same tar always gives the same blob (a save → load round trip stores the very same layer). The caller deletes it.
 */
public record LayerFile(Path gzip, String digest, String diffId, long size) {
    public static final String MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";

    /** Streams a layer (plain, gzip, bzip2 or xz) into a gzip temp file, hashing both forms on the way. */
    public static LayerFile write(InputStream layer, Path dir) {
        return write(layer, dir, false);
    }

    /** As {@link #write(InputStream, Path)}; {@code allowEmpty}: a tar without entries is a layer too (a build step that changed nothing). */
    public static LayerFile write(InputStream layer, Path dir, boolean allowEmpty) {
        Path file = null;
        try {
            file = Files.createTempFile(dir, "berth-layer-", ".tar.gz");
            MessageDigest plainSha = Digest.sha256();
            MessageDigest gzipSha = Digest.sha256();
            try (InputStream plain = new DigestInputStream(Compression.decompressed(layer), plainSha);
                 OutputStream out = new FastGzip(new DigestOutputStream(
                         new BufferedOutputStream(Files.newOutputStream(file)), gzipSha))) {
                plain.transferTo(out);
            }
            LayerFile written = new LayerFile(file, hex(gzipSha), hex(plainSha), Files.size(file));
            written.checkIsTar(allowEmpty);
            return written;
        } catch (IOException | RuntimeException e) {
            delete(file);
            if (e instanceof ApiError api) {
                throw api;
            }
            throw ApiError.badRequest("cannot read the layer: " + e.getMessage());
        }
    }

    /** A body that is no tar would make an image no node can unpack: refuse it now. */
    private void checkIsTar(boolean allowEmpty) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(gzip)))) {
            if (tar.getNextEntry() == null && !allowEmpty) {
                throw ApiError.badRequest("invalid tar archive: no entries (a root file system tar is expected)");
            }
            while (tar.getNextEntry() != null) {
                // reading every header is the check
            }
        } catch (IOException e) {
            throw ApiError.badRequest("invalid tar archive: " + e.getMessage());
        }
    }

    /** The layer as a manifest names it. */
    public LayerRef ref() {
        return new LayerRef(digest, MEDIA_TYPE, size);
    }

    public void delete() {
        delete(gzip);
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temp file that cannot go is left to the OS's tmp cleaning; nothing else depends on it
            }
        }
    }

    /** Gzip at level 1: layers are written once per import or load, and speed beats a few percent of size. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    private static String hex(MessageDigest digest) {
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }
}
