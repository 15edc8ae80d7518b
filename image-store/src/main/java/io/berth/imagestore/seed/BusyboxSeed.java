package io.berth.imagestore.seed;

import io.berth.imagestore.manifest.Manifests;
import io.berth.imagestore.storage.ContentStore;
import io.berth.events.spec.Digest;
import io.berth.imagestore.storage.RepositoryName;
import io.berth.imagestore.storage.Tag;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Puts {@code library/busybox:latest} into a store that lacks it, built from a host busybox binary and
 * written the way a push writes: verified blobs, then the manifest through {@link Manifests#put}.
 */
public final class BusyboxSeed {
    public static final RepositoryName REPOSITORY = RepositoryName.parse("library/busybox");
    public static final Tag TAG = Tag.parse("latest");
    private static final Logger LOG = Logger.getLogger(BusyboxSeed.class.getName());

    private BusyboxSeed() {
    }

    /** Blocking. Returns the manifest digest {@code busybox:latest} points at (existing or new). */
    public static Digest ensure(Manifests manifests, ContentStore store, Path binary) {
        Optional<Digest> existing = manifests.get(REPOSITORY, TAG, null, List.of()).map(Manifests.Served::digest);
        if (existing.isPresent()) {
            return existing.get();
        }
        BusyboxBinary busybox = BusyboxBinary.probe(binary);
        Layer layer = BusyboxLayer.build(busybox.bytes(), busybox.applets(), busybox.modified());
        byte[] config = ImageDocuments.config(layer.diffId(), busybox.modified(),
                "berth: busybox from Debian's busybox-static " + busybox.version());
        store.put(layer.digest(), new ByteArrayInputStream(layer.gzipped()));
        Digest configDigest = store.put(config);
        byte[] manifest = ImageDocuments.manifest(configDigest, config.length, layer.digest(), layer.gzipped().length);
        Digest manifestDigest = manifests.put(REPOSITORY, TAG, null, ImageDocuments.MANIFEST_TYPE, manifest);
        LOG.info("seeded " + REPOSITORY + ":" + TAG + " as " + manifestDigest + " from " + binary);
        return manifestDigest;
    }
}
