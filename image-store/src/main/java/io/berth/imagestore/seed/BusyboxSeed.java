package io.berth.imagestore.seed;

import io.berth.imagestore.storage.ContentStore;
import io.berth.imagestore.storage.Digest;
import io.berth.imagestore.storage.RepositoryName;
import io.berth.imagestore.storage.Tag;

import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Logger;

/** Puts {@code library/busybox:latest} into a store that lacks it, built from a host busybox binary. */
public final class BusyboxSeed {
    public static final RepositoryName REPOSITORY = RepositoryName.parse("library/busybox");
    public static final Tag TAG = Tag.parse("latest");
    private static final Logger LOG = Logger.getLogger(BusyboxSeed.class.getName());

    private BusyboxSeed() {
    }

    /** Blocking. Returns the manifest digest {@code busybox:latest} points at (existing or new). */
    public static Digest ensure(ContentStore store, Path binary) {
        Optional<Digest> existing = store.resolve(REPOSITORY, TAG);
        if (existing.isPresent() && store.has(existing.get())) {
            return existing.get();
        }
        BusyboxBinary busybox = BusyboxBinary.probe(binary);
        Layer layer = BusyboxLayer.build(busybox.bytes(), busybox.applets(), busybox.modified());
        byte[] config = ImageDocuments.config(layer.diffId(), busybox.modified(),
                "berth: busybox from Debian's busybox-static " + busybox.version());
        // Blobs before the manifest, the manifest before the tag: a reader never follows a dangling digest.
        store.put(layer.digest(), new java.io.ByteArrayInputStream(layer.gzipped()));
        Digest configDigest = store.put(config);
        byte[] manifest = ImageDocuments.manifest(configDigest, config.length, layer.digest(), layer.gzipped().length);
        Digest manifestDigest = store.put(manifest);
        store.tag(REPOSITORY, TAG, manifestDigest);
        LOG.info("seeded " + REPOSITORY + ":" + TAG + " as " + manifestDigest + " from " + binary);
        return manifestDigest;
    }
}
