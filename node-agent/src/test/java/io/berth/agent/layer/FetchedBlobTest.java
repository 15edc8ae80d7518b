package io.berth.agent.layer;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FetchedBlobTest {
    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void everyByteIsHashedWhetherReadSkippedOrDrained() throws Exception {
        byte[] bytes = new byte[300_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        FetchedBlob blob = new FetchedBlob(new ByteArrayInputStream(bytes));
        blob.read();
        blob.read(new byte[1000], 0, 1000);
        assertEquals(100_000, blob.skip(100_000));
        blob.drain();
        assertEquals(bytes.length, blob.bytesRead());
        assertEquals(sha256(bytes), blob.hex());
        assertNull(blob.sourceFailure());
    }

    @Test
    void theSourcesOwnFailureIsRemembered() {
        EOFException cut = new EOFException();
        FetchedBlob blob = new FetchedBlob(new InputStream() {
            private int left = 3;

            @Override
            public int read() throws IOException {
                if (left-- > 0) {
                    return 'x';
                }
                throw cut;
            }
        });
        assertThrows(EOFException.class, blob::drain);
        assertSame(cut, blob.sourceFailure());
        assertEquals(3, blob.bytesRead());
    }
}
