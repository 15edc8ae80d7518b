package io.berth.imagestore.seed;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.events.Json;
import io.berth.events.spec.Descriptor;
import io.berth.events.spec.Digest;

import java.time.Instant;

/** The OCI image config and image manifest of a single-layer image, as bytes with a fixed key order. */
public final class ImageDocuments {
    public static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
    public static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";
    public static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";
    static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private ImageDocuments() {
    }

    /** The image config: amd64/linux, {@code sh} as the command, one diff id. */
    public static byte[] config(Digest diffId, Instant created, String createdBy) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("architecture", "amd64");
        root.put("os", "linux");
        root.put("created", created.toString());
        ObjectNode config = root.putObject("config");
        config.putArray("Env").add(PATH);
        config.putArray("Cmd").add("sh");
        ObjectNode rootfs = root.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids").add(diffId.toString());
        ArrayNode history = root.putArray("history");
        ObjectNode step = history.addObject();
        step.put("created", created.toString());
        step.put("created_by", createdBy);
        return Json.bytes(root);
    }

    /** The image manifest pointing at the config blob and the layer blob. */
    public static byte[] manifest(Digest config, long configSize, Digest layer, long layerSize) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", MANIFEST_TYPE);
        root.set("config", new Descriptor(CONFIG_TYPE, config.toString(), configSize).json());
        root.putArray("layers").add(new Descriptor(LAYER_TYPE, layer.toString(), layerSize).json());
        return Json.bytes(root);
    }

}
