package io.berth.gateway.archive;

import io.berth.gateway.http.ApiError;
import io.berth.gateway.image.Digests;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/**
 * One layer as the store keeps it: gzip bytes, their digest, and the digest of the plain tar ({@code diff_id}).
 * Gzip from {@link java.util.zip.GZIPOutputStream} has no time or name in its header, so the same tar always
 * gives the same digest (a save → load round trip stores the very same blob).
 */
public record LayerBlob(byte[] gzip, String digest, String diffId) {
    public static final String MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";

    /** From a layer tar as a user or an archive gives it: plain, gzip, bzip2 or xz. */
    public static LayerBlob of(byte[] layer) {
        byte[] plain = plain(layer);
        byte[] gzip = gzip(plain);
        return new LayerBlob(gzip, Digests.sha256(gzip), Digests.sha256(plain));
    }

    /** The plain tar of possibly compressed bytes. */
    public static byte[] plain(byte[] bytes) {
        String kind;
        try {
            kind = CompressorStreamFactory.detect(new java.io.BufferedInputStream(new ByteArrayInputStream(bytes)));
        } catch (CompressorException e) {
            return bytes;
        }
        try (InputStream in = CompressorStreamFactory.getSingleton().createCompressorInputStream(kind,
                new ByteArrayInputStream(bytes), true)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw ApiError.badRequest("cannot decompress layer (" + kind + "): " + e.getMessage());
        }
    }

    static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, plain.length / 3));
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public long size() {
        return gzip.length;
    }
}
