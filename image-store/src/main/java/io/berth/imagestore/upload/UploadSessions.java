package io.berth.imagestore.upload;

import io.berth.imagestore.storage.ContentStore;
import io.berth.events.spec.Digest;
import io.berth.imagestore.storage.DigestMismatchException;
import io.berth.imagestore.storage.RepositoryName;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The uploads in progress, by id. Held in memory: a restart forgets them (clients start over, as the spec
 * allows) and the next start clears their temp files. Blocking: call from worker threads.
 */
public final class UploadSessions {
    private final ContentStore store;
    private final Clock clock;
    private final Map<UUID, Upload> uploads = new ConcurrentHashMap<>();

    public UploadSessions(ContentStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Upload start(RepositoryName name) {
        UUID id = UUID.randomUUID();
        Upload upload = new Upload(id, name, store.newTempFile("upload-" + id + "-"), clock.instant());
        uploads.put(id, upload);
        return upload;
    }

    /** The upload {@code id} of repository {@code name}; an id of another repository is not found. */
    public Optional<Upload> find(RepositoryName name, UUID id) {
        return Optional.ofNullable(uploads.get(id)).filter(u -> u.name().equals(name));
    }

    /**
     * Ends an upload whose bytes are all appended: if they hash to {@code expected} the file becomes that blob.
     * The upload is gone afterwards either way.
     *
     * @throws DigestMismatchException if they do not (the temp file is deleted)
     */
    public void finish(Upload upload, Digest expected) {
        uploads.remove(upload.id());
        Digest actual = upload.digest();
        if (!actual.equals(expected)) {
            delete(upload);
            throw new DigestMismatchException(expected, actual);
        }
        store.commit(upload.file(), expected);
    }

    /** Cancels uploads nobody wrote to since {@code cutoff}; returns how many. */
    public int expire(java.time.Instant cutoff) {
        int expired = 0;
        for (Upload upload : uploads.values()) {
            if (upload.idleSince(cutoff)) {
                cancel(upload);
                expired++;
            }
        }
        return expired;
    }

    public void cancel(Upload upload) {
        uploads.remove(upload.id());
        delete(upload);
    }

    private static void delete(Upload upload) {
        try {
            Files.deleteIfExists(upload.file());
        } catch (IOException ignored) {
            // a leftover temp file is never served and is cleared at the next start
        }
    }
}
