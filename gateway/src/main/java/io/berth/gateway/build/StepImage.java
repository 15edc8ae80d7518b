package io.berth.gateway.build;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.events.spec.LayerRef;
import io.berth.gateway.image.ImageRef;

import java.util.List;

/**
 * The image a build step starts from or makes, as the store holds it.
 *
 * @param ref            where the store serves it (the base's name, or the cache repository's tag); null for scratch
 * @param manifestDigest its manifest's digest (null for scratch)
 * @param id             its config digest, the image ID ("" for scratch)
 * @param config         the whole image config document (a copy is changed by the next step)
 * @param layers         its layers, lowest first
 */
public record StepImage(ImageRef ref, String manifestDigest, String id, ObjectNode config, List<LayerRef> layers) {
    public StepImage {
        layers = List.copyOf(layers);
    }

    public boolean scratch() {
        return ref == null;
    }

    /** The first 12 hex digits of the ID, as the builder prints it. */
    public String shortId() {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.substring(0, Math.min(12, hex.length()));
    }

    /** The runtime part of the config ({@code config}), created when absent. */
    public ObjectNode runtime() {
        return config.has("config") && config.get("config").isObject()
                ? (ObjectNode) config.get("config") : config.putObject("config");
    }
}
