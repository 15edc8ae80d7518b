package io.berth.events.spec;

/** One image layer as the registry serves it: its blob digest, media type and compressed size. */
public record LayerRef(String digest, String mediaType, long size) {
}
