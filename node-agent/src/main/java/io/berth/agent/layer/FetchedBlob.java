package io.berth.agent.layer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A blob's bytes as they arrive, hashed and counted on the way through, so a layer is unpacked straight from the
 * download with no temp file. Remembers the first error the source itself raised: an unpacker that wraps or
 * swallows it cannot hide that the download, not the layer's content, failed.
 */
final class FetchedBlob extends FilterInputStream {
    private final MessageDigest sha256;
    private long count;
    private IOException sourceFailure;

    FetchedBlob(InputStream source) {
        super(source);
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    @Override
    public int read() throws IOException {
        int b = guarded(() -> in.read());
        if (b >= 0) {
            sha256.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = guarded(() -> in.read(buf, off, len));
        if (n > 0) {
            sha256.update(buf, off, n);
            count += n;
        }
        return n;
    }

    // skip() would pass bytes by unhashed: read them instead.
    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 64 * 1024)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Reads what the consumer left (tar padding, trailing blocks) so the hash covers the whole blob. */
    void drain() throws IOException {
        byte[] buf = new byte[64 * 1024];
        while (read(buf, 0, buf.length) >= 0) {
            // hashed by read
        }
    }

    /** The sha256 of every byte read so far, in hex; call once, after {@link #drain}. */
    String hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    long bytesRead() {
        return count;
    }

    /** The error the source raised while being read, if any. */
    IOException sourceFailure() {
        return sourceFailure;
    }

    private int guarded(Read read) throws IOException {
        try {
            return read.run();
        } catch (IOException e) {
            if (sourceFailure == null) {
                sourceFailure = e;
            }
            throw e;
        }
    }

    private interface Read {
        int run() throws IOException;
    }
}
