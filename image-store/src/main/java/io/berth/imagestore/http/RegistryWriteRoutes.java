package io.berth.imagestore.http;

import io.berth.events.image.ImageChanged;
import io.berth.imagestore.announce.ImageAnnouncer;
import io.berth.imagestore.manifest.ManifestBlobUnknownException;
import io.berth.imagestore.manifest.ManifestInvalidException;
import io.berth.imagestore.manifest.Manifests;
import io.berth.imagestore.storage.ContentStore;
import io.berth.events.spec.Digest;
import io.berth.imagestore.storage.DigestMismatchException;
import io.berth.imagestore.storage.RepositoryName;
import io.berth.imagestore.upload.ContentRange;
import io.berth.imagestore.upload.Upload;
import io.berth.imagestore.upload.UploadSessions;

import java.util.Map;
import java.util.Optional;

/**
 * Answers the write routes: uploads, manifest pushes and deletes. Requests whose body is a blob go in two
 * blocking steps around the body's streaming: {@link #prepare} (find or start the upload, claim it) and
 * {@link #complete} (answer, or finish the blob). Blocking: run on worker threads.
 */
public final class RegistryWriteRoutes {
    static final String UPLOAD_UUID = "Docker-Upload-UUID";

    private final ContentStore store;
    private final Manifests manifests;
    private final UploadSessions uploads;
    private final ImageAnnouncer announcer;

    /** A store whose changes nobody follows. */
    public RegistryWriteRoutes(ContentStore store, Manifests manifests, UploadSessions uploads) {
        this(store, manifests, uploads, ImageAnnouncer.NONE);
    }

    /** @param announcer told of every manifest push, untag and delete before the client hears the answer */
    public RegistryWriteRoutes(ContentStore store, Manifests manifests, UploadSessions uploads,
                               ImageAnnouncer announcer) {
        this.store = store;
        this.manifests = manifests;
        this.uploads = uploads;
        this.announcer = announcer;
    }

    /** What {@link #prepare} decided: answer now, or stream the body into {@code upload} first. */
    public record Prepared(Reply reply, Upload upload) {
        static Prepared answer(Reply reply) {
            return new Prepared(reply, null);
        }
    }

    /** True if the route's body is blob bytes to stream into an upload. */
    public static boolean streamsBody(RegistryRoute route) {
        if (route instanceof RegistryRoute.StartUpload start) {
            return start.digest() != null;
        }
        return route instanceof RegistryRoute.Upload upload
                && (upload.method().equals("PATCH") || upload.method().equals("PUT"));
    }

    /** Upload routes before their body: a reply, or a claimed upload to append the body to. */
    public Prepared prepare(RegistryRoute route, String contentRange) {
        if (route instanceof RegistryRoute.StartUpload start) {
            return start(start);
        }
        RegistryRoute.Upload r = (RegistryRoute.Upload) route;
        Optional<Upload> found = uploads.find(r.name(), r.id());
        if (found.isEmpty()) {
            return Prepared.answer(Reply.error(RegistryError.uploadUnknown(r.id().toString())));
        }
        Upload upload = found.get();
        switch (r.method()) {
            case "GET":
                return Prepared.answer(Reply.empty(204, progress(upload)));
            case "DELETE":
                uploads.cancel(upload);
                return Prepared.answer(Reply.empty(204, Map.of()));
            default:
                break;
        }
        if (!upload.claim()) {
            return Prepared.answer(Reply.error(RegistryError.uploadOutOfOrder("another request is writing to upload " + r.id())));
        }
        if (contentRange != null && r.method().equals("PATCH")) {
            try {
                ContentRange range = ContentRange.parse(contentRange);
                if (range.start() != upload.size()) {
                    upload.release();
                    return Prepared.answer(outOfOrder(upload, "chunk starts at " + range.start() + ", upload has " + upload.size() + " bytes"));
                }
            } catch (IllegalArgumentException e) {
                upload.release();
                return Prepared.answer(outOfOrder(upload, e.getMessage()));
            }
        }
        return new Prepared(null, upload);
    }

    /** Upload routes after their body was appended to {@code upload}. */
    public Reply complete(RegistryRoute route, Upload upload) {
        Digest expected = route instanceof RegistryRoute.StartUpload start ? start.digest()
                : ((RegistryRoute.Upload) route).digest();
        if (expected == null) {
            upload.release();
            return Reply.empty(202, progress(upload));
        }
        try {
            uploads.finish(upload, expected);
        } catch (DigestMismatchException e) {
            return Reply.error(RegistryError.digestMismatch(expected.toString(), upload.digest().toString()));
        }
        return created(upload.name(), expected);
    }

    /** The body could not be read or written: the upload's bytes are unknown, so it is dropped. */
    public void abandon(Upload upload) {
        uploads.cancel(upload);
    }

    /** {@code PUT /v2/<name>/manifests/<reference>}. */
    public Reply putManifest(RegistryRoute.Manifest route, String contentType, byte[] body) {
        try {
            Digest digest = manifests.put(route.name(), route.tag(), route.digest(), contentType, body);
            Reply unannounced = announce(ImageChanged.pushed(route.name().value(),
                    route.tag() == null ? null : route.tag().value(), digest.toString()));
            if (unannounced != null) {
                return unannounced;
            }
            return Reply.empty(201, Map.of(RegistryLookup.DIGEST_HEADER, digest.toString(),
                    "Location", "/v2/" + route.name() + "/manifests/" + digest));
        } catch (ManifestInvalidException e) {
            return Reply.error(RegistryError.manifestInvalid(e.getMessage()));
        } catch (ManifestBlobUnknownException e) {
            return Reply.error(RegistryError.manifestBlobUnknown(e.digest().toString()));
        } catch (DigestMismatchException e) {
            return Reply.error(new RegistryError(400, "DIGEST_INVALID", "provided digest did not match uploaded content", e.getMessage()));
        }
    }

    /** {@code DELETE /v2/<name>/manifests/<digest>} deletes the manifest; {@code .../<tag>} removes only the tag. */
    public Reply deleteManifest(RegistryRoute.Manifest route) {
        if (!store.hasRepository(route.name())) {
            return Reply.error(RegistryError.nameUnknown(route.name().value()));
        }
        boolean deleted = route.tag() != null ? manifests.untag(route.name(), route.tag())
                : manifests.delete(route.name(), route.digest());
        if (!deleted) {
            return Reply.error(RegistryError.manifestUnknown(route.reference()));
        }
        Reply unannounced = announce(route.tag() != null
                ? ImageChanged.untagged(route.name().value(), route.tag().value())
                : ImageChanged.deleted(route.name().value(), route.digest().toString()));
        return unannounced != null ? unannounced : Reply.empty(202, Map.of());
    }

    // The change is made but gateways may not learn of it: say so (500) rather than let the client rely on it;
    // repeating the request announces it again.
    private Reply announce(ImageChanged change) {
        try {
            announcer.announce(change);
            return null;
        } catch (IllegalStateException e) {
            return Reply.error(new RegistryError(500, "UNKNOWN", "stored but not announced", e.getMessage()));
        }
    }

    private Prepared start(RegistryRoute.StartUpload start) {
        if (start.mount() != null) {
            store.claim(start.mount());
            // One content-addressed namespace: the blob is mountable if the registry has it at all.
            if (store.has(start.mount())) {
                return Prepared.answer(created(start.name(), start.mount()));
            }
        }
        Upload upload = uploads.start(start.name());
        if (start.digest() == null) {
            return Prepared.answer(Reply.empty(202, progress(upload)));
        }
        upload.claim();
        return new Prepared(null, upload);
    }

    private static Reply created(RepositoryName name, Digest digest) {
        return Reply.empty(201, Map.of("Location", "/v2/" + name + "/blobs/" + digest,
                RegistryLookup.DIGEST_HEADER, digest.toString()));
    }

    private static Reply outOfOrder(Upload upload, String detail) {
        RegistryError error = RegistryError.uploadOutOfOrder(detail);
        return Reply.json(error.status(), error.body(), progress(upload));
    }

    private static Map<String, String> progress(Upload upload) {
        return Map.of("Location", "/v2/" + upload.name() + "/blobs/uploads/" + upload.id(),
                UPLOAD_UUID, upload.id().toString(),
                "Range", upload.range());
    }
}
