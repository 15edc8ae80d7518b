package io.berth.imagestore;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.Json;
import io.berth.imagestore.manifest.MediaTypes;
import io.berth.events.spec.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Garbage collection over a real server: what it removes, and that pushes running meanwhile lose nothing. */
class GarbageCollectionTest {
    private static final Duration GRACE = Duration.ofMinutes(10);
    @TempDir
    Path root;

    @Test
    void removesOnlyOldBlobsNoManifestReferences() throws Exception {
        try (RunningStore store = new RunningStore(root, GRACE)) {
            byte[] keptLayer = RegistryPushTest.random(2000, 11);
            Digest kept = Push.image(store, "keep/me", "v1", "{\"k\":1}".getBytes(StandardCharsets.US_ASCII), keptLayer);
            Digest goneManifest = Push.image(store, "drop/me", "v1", "{\"d\":1}".getBytes(StandardCharsets.US_ASCII),
                    RegistryPushTest.random(3000, 12));
            JsonNode gone = Json.MAPPER.readTree(store.get("/v2/drop/me/manifests/v1").body());
            Digest goneLayer = Digest.parse(gone.path("layers").path(0).path("digest").asText());
            Digest orphan = Push.blob(store, "keep/me", RegistryPushTest.random(1000, 13));
            assertEquals(202, store.send("DELETE", "/v2/drop/me/manifests/" + goneManifest, null).statusCode());
            ageEveryBlob();
            Digest youngOrphan = Push.blob(store, "keep/me", RegistryPushTest.random(1000, 14));

            HttpResponse<byte[]> gc = store.send("POST", "/berth/gc", null);
            assertEquals(200, gc.statusCode());
            assertEquals(4, Json.MAPPER.readTree(gc.body()).path("deleted").asInt(), new String(gc.body()));

            for (Digest d : List.of(goneManifest, goneLayer, orphan)) {
                assertFalse(Files.exists(blob(d)), d + " should be collected");
            }
            assertTrue(Files.exists(blob(youngOrphan)), "a blob inside the grace period stays");
            assertPullable(store, "keep/me", "v1", kept);
            assertPullable(store, "library/busybox", "latest", null);
        }
    }

    /**
     * Writers push images (some reusing old unreferenced blobs, found by HEAD the way clients skip uploads)
     * while collections run back to back; afterwards every pushed image is whole.
     */
    @Test
    void pushesDuringCollectionLoseNothing() throws Exception {
        try (RunningStore store = new RunningStore(root, GRACE)) {
            List<byte[]> oldOrphans = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                byte[] content = RegistryPushTest.random(20_000, 100 + i);
                Push.blob(store, "seed/orphans", content);
                oldOrphans.add(content);
            }
            ageEveryBlob();
            Map<String, Digest> pushed = new ConcurrentHashMap<>();
            AtomicBoolean pushing = new AtomicBoolean(true);
            AtomicInteger collections = new AtomicInteger();
            AtomicInteger deleted = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                Future<?> collector = pool.submit(() -> {
                    while (pushing.get() || collections.get() < 2) {
                        HttpResponse<byte[]> gc = store.send("POST", "/berth/gc", null);
                        assertEquals(200, gc.statusCode());
                        deleted.addAndGet(Json.MAPPER.readTree(gc.body()).path("deleted").asInt());
                        collections.incrementAndGet();
                    }
                    return null;
                });
                List<Future<?>> writers = new ArrayList<>();
                for (int w = 0; w < 3; w++) {
                    int writer = w;
                    writers.add(pool.submit(() -> {
                        for (int i = 0; i < 12; i++) {
                            String name = "writer" + writer + "/image";
                            String tag = "t" + i;
                            byte[] reused = oldOrphans.get(writer * 12 + i);
                            pushed.put(name + ":" + tag, pushReusing(store, name, tag, reused,
                                    RegistryPushTest.random(5000, writer * 1000L + i)));
                        }
                        return null;
                    }));
                }
                for (Future<?> writer : writers) {
                    writer.get(5, TimeUnit.MINUTES);
                }
                pushing.set(false);
                collector.get(5, TimeUnit.MINUTES);
            } finally {
                pool.shutdownNow();
            }
            assertTrue(collections.get() >= 2);
            // one more collection with nothing running: still everything pushed is whole
            assertEquals(200, store.send("POST", "/berth/gc", null).statusCode());
            assertEquals(36, pushed.size());
            for (Map.Entry<String, Digest> image : pushed.entrySet()) {
                String[] ref = image.getKey().split(":");
                assertPullable(store, ref[0], ref[1], image.getValue());
            }
            // the four orphans no writer reused were old and unreferenced: collected while the pushes ran
            for (int i = 36; i < 40; i++) {
                assertFalse(Files.exists(blob(Digest.of(oldOrphans.get(i)))));
            }
        }
    }

    // HEAD the shared layer first and upload it only if the registry lacks it, as docker and skopeo do.
    private static Digest pushReusing(RunningStore store, String name, String tag, byte[] shared, byte[] own) throws Exception {
        Digest sharedDigest = Digest.of(shared);
        if (store.send("HEAD", "/v2/" + name + "/blobs/" + sharedDigest, null).statusCode() != 200) {
            Push.blob(store, name, shared);
        }
        byte[] config = ("{\"tag\":\"" + name + ":" + tag + "\"}").getBytes(StandardCharsets.US_ASCII);
        Digest c = Push.blob(store, name, config);
        Digest l = Push.blob(store, name, own);
        byte[] manifest = Push.manifest(c, config.length, List.of(sharedDigest, l), List.of((long) shared.length, (long) own.length));
        HttpResponse<byte[]> put = store.send("PUT", "/v2/" + name + "/manifests/" + tag, manifest,
                "Content-Type", MediaTypes.OCI_MANIFEST);
        assertEquals(201, put.statusCode(), new String(put.body()));
        return Digest.of(manifest);
    }

    private static void assertPullable(RunningStore store, String name, String tag, Digest expected) throws Exception {
        HttpResponse<byte[]> manifest = store.get("/v2/" + name + "/manifests/" + tag);
        assertEquals(200, manifest.statusCode(), name + ":" + tag);
        if (expected != null) {
            assertEquals(expected, Digest.of(manifest.body()));
        }
        JsonNode m = Json.MAPPER.readTree(manifest.body());
        List<JsonNode> descriptors = new ArrayList<>();
        descriptors.add(m.path("config"));
        m.path("layers").forEach(descriptors::add);
        for (JsonNode d : descriptors) {
            HttpResponse<byte[]> blob = store.get("/v2/" + name + "/blobs/" + d.path("digest").asText());
            assertEquals(200, blob.statusCode(), name + ":" + tag + " lost " + d.path("digest").asText());
            assertEquals(d.path("digest").asText(), Digest.of(blob.body()).toString());
        }
    }

    private void ageEveryBlob() throws Exception {
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
        try (var blobs = Files.list(root.resolve("blobs/sha256"))) {
            for (Path blob : (Iterable<Path>) blobs::iterator) {
                Files.setLastModifiedTime(blob, old);
            }
        }
    }

    private Path blob(Digest digest) {
        return root.resolve("blobs/sha256/" + digest.hex());
    }
}
