package io.berth.gateway.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.events.Json;
import io.berth.events.spec.Descriptor;
import io.berth.events.spec.LayerRef;

import java.util.List;

/** The OCI image manifest the gateway writes for images it makes (import, load). */
public final class OciDocuments {
    public static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
    public static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";

    public static byte[] manifest(String configDigest, long configSize, List<LayerRef> layers) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", MANIFEST_TYPE);
        root.set("config", new Descriptor(CONFIG_TYPE, configDigest, configSize).json());
        ArrayNode array = root.putArray("layers");
        for (LayerRef layer : layers) {
            array.add(new Descriptor(layer.mediaType(), layer.digest(), layer.size()).json());
        }
        return Json.bytes(root);
    }

    private OciDocuments() {
    }
}
