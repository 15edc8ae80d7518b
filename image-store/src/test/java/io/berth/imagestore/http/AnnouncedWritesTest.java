package io.berth.imagestore.http;

import io.berth.events.image.ImageChanged;
import io.berth.events.spec.Digest;
import io.berth.imagestore.announce.ImageAnnouncer;
import io.berth.imagestore.manifest.Manifests;
import io.berth.imagestore.seed.ImageDocuments;
import io.berth.imagestore.storage.ContentStore;
import io.berth.imagestore.storage.StoreLayout;
import io.berth.imagestore.upload.UploadSessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every change of a name is announced, and a change that could not be announced is not answered as done. */
class AnnouncedWritesTest {
    @TempDir
    Path root;

    /** Records announcements; refuses them while {@code down}. */
    private static final class Recorder implements ImageAnnouncer {
        final List<ImageChanged> announced = new ArrayList<>();
        boolean down;

        @Override
        public void announce(ImageChanged change) {
            if (down) {
                throw new IllegalStateException("broker down");
            }
            announced.add(change);
        }

        @Override
        public boolean announces() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    private record Pushed(RegistryWriteRoutes writes, Recorder recorder, byte[] manifest, Digest digest) {
    }

    private Pushed store() {
        ContentStore store = new ContentStore(new StoreLayout(root));
        byte[] layer = "not really a tar".getBytes(StandardCharsets.US_ASCII);
        Digest layerDigest = store.put(layer);
        byte[] config = ImageDocuments.config(layerDigest, Instant.parse("2026-01-01T00:00:00Z"), "test");
        Digest configDigest = store.put(config);
        byte[] manifest = ImageDocuments.manifest(configDigest, config.length, layerDigest, layer.length);
        Recorder recorder = new Recorder();
        RegistryWriteRoutes writes = new RegistryWriteRoutes(store, new Manifests(store),
                new UploadSessions(store, Clock.systemUTC()), recorder);
        return new Pushed(writes, recorder, manifest, Digest.of(manifest));
    }

    private static RegistryRoute.Manifest route(String method, String path) {
        return (RegistryRoute.Manifest) RegistryRoute.parse(method, path);
    }

    @Test
    void pushUntagAndDeleteAreEachAnnouncedWithWhatTheyChanged() {
        Pushed p = store();
        String d = p.digest().toString();
        assertEquals(201, p.writes().putManifest(route("PUT", "/v2/app/manifests/v1"), ImageDocuments.MANIFEST_TYPE,
                p.manifest()).status());
        assertEquals(201, p.writes().putManifest(route("PUT", "/v2/app/manifests/" + d), ImageDocuments.MANIFEST_TYPE,
                p.manifest()).status());
        assertEquals(202, p.writes().deleteManifest(route("DELETE", "/v2/app/manifests/v1")).status());
        assertEquals(202, p.writes().deleteManifest(route("DELETE", "/v2/app/manifests/" + d)).status());
        assertEquals(List.of(ImageChanged.pushed("app", "v1", d), ImageChanged.pushed("app", null, d),
                ImageChanged.untagged("app", "v1"), ImageChanged.deleted("app", d)), p.recorder().announced);
    }

    @Test
    void nothingIsAnnouncedForARefusedChange() {
        Pushed p = store();
        assertEquals(404, p.writes().deleteManifest(route("DELETE", "/v2/app/manifests/v1")).status());
        assertEquals(400, p.writes().putManifest(route("PUT", "/v2/app/manifests/v1"), ImageDocuments.MANIFEST_TYPE,
                "{}".getBytes(StandardCharsets.US_ASCII)).status());
        assertEquals(List.of(), p.recorder().announced);
    }

    @Test
    void aChangeThatCouldNotBeAnnouncedIsNotAnsweredAsDone() {
        Pushed p = store();
        p.recorder().down = true;
        assertEquals(500, p.writes().putManifest(route("PUT", "/v2/app/manifests/v1"), ImageDocuments.MANIFEST_TYPE,
                p.manifest()).status());
        p.recorder().down = false;
        assertEquals(201, p.writes().putManifest(route("PUT", "/v2/app/manifests/v1"), ImageDocuments.MANIFEST_TYPE,
                p.manifest()).status());
        assertEquals(List.of(ImageChanged.pushed("app", "v1", p.digest().toString())), p.recorder().announced);
    }
}
