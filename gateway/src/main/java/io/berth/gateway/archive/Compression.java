package io.berth.gateway.archive;

import io.berth.gateway.http.ApiError;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Archives and layers arrive plain, gzip, bzip2 or xz, as {@code docker import}/{@code load} accept them. */
public final class Compression {

    /** The plain stream of a possibly compressed one, told apart by its magic bytes. */
    public static InputStream decompressed(InputStream raw) throws IOException {
        InputStream in = raw.markSupported() ? raw : new BufferedInputStream(raw, 64 * 1024);
        String kind;
        try {
            kind = CompressorStreamFactory.detect(in);
        } catch (CompressorException e) {
            return in;
        }
        try {
            return CompressorStreamFactory.getSingleton().createCompressorInputStream(kind, in, true);
        } catch (CompressorException e) {
            throw ApiError.badRequest("cannot decompress (" + kind + "): " + e.getMessage());
        }
    }

    /** The plain bytes of possibly compressed ones. */
    public static byte[] plain(byte[] bytes) {
        try (InputStream in = decompressed(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw ApiError.badRequest("cannot decompress: " + e.getMessage());
        }
    }

    private Compression() {
    }
}
