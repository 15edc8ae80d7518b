package io.berth.imagestore.upload;

import io.berth.imagestore.storage.ContentStore;
import io.berth.events.spec.Digest;
import io.berth.imagestore.storage.DigestMismatchException;
import io.berth.imagestore.storage.RepositoryName;
import io.berth.imagestore.storage.StoreLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UploadSessionsTest {
    @TempDir
    Path root;

    @Test
    void theRunningDigestCoversEveryChunkInOrder() throws Exception {
        ContentStore store = new ContentStore(new StoreLayout(root));
        UploadSessions sessions = new UploadSessions(store, Clock.systemUTC());
        Upload upload = sessions.start(RepositoryName.parse("a/b"));
        assertEquals("0-0", upload.range());
        byte[] whole = "hello, registry".getBytes(StandardCharsets.US_ASCII);
        append(upload, whole, 0, 5);
        assertEquals("0-4", upload.range());
        assertEquals(Digest.of("hello".getBytes(StandardCharsets.US_ASCII)), upload.digest());
        append(upload, whole, 5, whole.length);
        sessions.finish(upload, Digest.of(whole));
        assertArrayEquals(whole, store.read(Digest.of(whole)));
        assertTrue(sessions.find(upload.name(), upload.id()).isEmpty());
        assertFalse(Files.exists(upload.file()));
    }

    @Test
    void aWrongDigestStoresNothingAndEndsTheUpload() throws Exception {
        ContentStore store = new ContentStore(new StoreLayout(root));
        UploadSessions sessions = new UploadSessions(store, Clock.systemUTC());
        Upload upload = sessions.start(RepositoryName.parse("a"));
        append(upload, new byte[]{1, 2, 3}, 0, 3);
        Digest wrong = Digest.of(new byte[]{9});
        assertThrows(DigestMismatchException.class, () -> sessions.finish(upload, wrong));
        assertFalse(store.has(wrong));
        assertFalse(Files.exists(upload.file()));
        assertTrue(sessions.find(upload.name(), upload.id()).isEmpty());
    }

    @Test
    void oneWriterAtATimeAndOnlyInItsRepository() {
        ContentStore store = new ContentStore(new StoreLayout(root));
        UploadSessions sessions = new UploadSessions(store, Clock.systemUTC());
        Upload upload = sessions.start(RepositoryName.parse("a"));
        assertTrue(upload.claim());
        assertFalse(upload.claim());
        upload.release();
        assertTrue(upload.claim());
        assertTrue(sessions.find(RepositoryName.parse("b"), upload.id()).isEmpty());
        sessions.cancel(upload);
        assertFalse(Files.exists(upload.file()));
    }

    @Test
    void aRestartClearsForgottenUploads() throws Exception {
        ContentStore store = new ContentStore(new StoreLayout(root));
        Upload upload = new UploadSessions(store, Clock.systemUTC()).start(RepositoryName.parse("a"));
        assertTrue(Files.exists(upload.file()));
        new ContentStore(new StoreLayout(root));
        assertFalse(Files.exists(upload.file()));
    }

    @Test
    void idleUploadsExpireButOneBeingWrittenDoesNot() {
        ContentStore store = new ContentStore(new StoreLayout(root));
        UploadSessions sessions = new UploadSessions(store, Clock.systemUTC());
        Upload idle = sessions.start(RepositoryName.parse("a"));
        Upload writing = sessions.start(RepositoryName.parse("a"));
        assertTrue(writing.claim());
        java.time.Instant later = java.time.Instant.now().plusSeconds(3600);
        assertEquals(0, sessions.expire(java.time.Instant.now().minusSeconds(3600)));
        assertEquals(1, sessions.expire(later));
        assertTrue(sessions.find(idle.name(), idle.id()).isEmpty());
        assertFalse(Files.exists(idle.file()));
        assertTrue(sessions.find(writing.name(), writing.id()).isPresent());
    }

    private static void append(Upload upload, byte[] bytes, int from, int to) throws Exception {
        byte[] chunk = java.util.Arrays.copyOfRange(bytes, from, to);
        Files.write(upload.file(), chunk, java.nio.file.StandardOpenOption.APPEND);
        upload.appended(chunk);
    }
}
