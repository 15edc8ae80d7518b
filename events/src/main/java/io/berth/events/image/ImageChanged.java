package io.berth.events.image;

import io.berth.events.Json;

/**
 * A change to what a repository's names mean, as the image store announces it on {@code image-events} (key =
 * repository) before it answers the request that made it: a manifest pushed (with or without a tag), a tag
 * removed, or a manifest removed with every tag that pointed at it.
 *
 * @param repository the repository path as the registry names it ({@code library/busybox})
 * @param tag        the tag pushed or removed; null for a push or delete by digest
 * @param digest     the manifest's digest (the one the tag now points at, or the one removed); null for an untag
 * @param removed    whether the tag or manifest went away (else it was pushed)
 */
public record ImageChanged(String repository, String tag, String digest, boolean removed) {
    /** The header the image store's replies carry when it announces every change on {@code image-events}. */
    public static final String ANNOUNCED_HEADER = "Berth-Image-Events";

    public static ImageChanged pushed(String repository, String tag, String digest) {
        return new ImageChanged(repository, tag, digest, false);
    }

    public static ImageChanged untagged(String repository, String tag) {
        return new ImageChanged(repository, tag, null, true);
    }

    public static ImageChanged deleted(String repository, String digest) {
        return new ImageChanged(repository, null, digest, true);
    }

    public String json() {
        return Json.write(this);
    }

    public static ImageChanged parse(String json) {
        return Json.read(json, ImageChanged.class);
    }
}
