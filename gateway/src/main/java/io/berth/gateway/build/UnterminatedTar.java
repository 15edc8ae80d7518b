package io.berth.gateway.build;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A tar stream completed at its end: the last record padded with zeros to 512 bytes and the two zero records of
 * the end-of-archive marker added. The docker CLI sends such a tar when {@code -f} names a Dockerfile outside the
 * context (its tar rewriter leaves the added Dockerfile's last record short and no end marker), and dockerd's
 * reader accepts it; Commons Compress calls it truncated. A well-formed tar is read unchanged, since the reader
 * stops at its own end marker.
 */
final class UnterminatedTar extends FilterInputStream {
    private static final int RECORD = 512;

    private long read;
    private long tail = -1;

    UnterminatedTar(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (tail < 0) {
            int n = in.read(b, off, len);
            if (n >= 0) {
                read += n;
                return n;
            }
            long partial = read % RECORD;
            tail = (partial == 0 ? 0 : RECORD - partial) + 2L * RECORD;
        }
        if (tail == 0) {
            return -1;
        }
        int n = (int) Math.min(len, tail);
        java.util.Arrays.fill(b, off, off + n, (byte) 0);
        tail -= n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 8192)];
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
}
