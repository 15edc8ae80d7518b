package io.berth.events.spec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.events.Json;

/**
 * An OCI content descriptor, what a manifest or an index says of one blob: its media type, digest
 * ({@code sha256:…}) and size in bytes. One JSON shape for the gateway's and the image store's documents.
 */
public record Descriptor(String mediaType, String digest, long size) {

    /** {@code {"mediaType":…,"digest":…,"size":…}}, in that order; a caller may add {@code annotations}. */
    public ObjectNode json() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("mediaType", mediaType);
        node.put("digest", digest);
        node.put("size", size);
        return node;
    }
}
