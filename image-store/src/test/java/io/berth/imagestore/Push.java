package io.berth.imagestore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.events.Json;
import io.berth.imagestore.manifest.MediaTypes;
import io.berth.events.spec.Digest;

import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Pushes the way registry clients do (POST, PATCH, PUT; then the manifest), asserting each step. */
final class Push {
    private Push() {
    }

    /** POST then PUT with the whole blob; returns its digest. */
    static Digest blob(RunningStore store, String name, byte[] content) throws Exception {
        HttpResponse<byte[]> started = store.send("POST", "/v2/" + name + "/blobs/uploads/", null);
        assertEquals(202, started.statusCode(), new String(started.body()));
        Digest digest = Digest.of(content);
        String location = started.headers().firstValue("Location").orElseThrow();
        HttpResponse<byte[]> put = store.send("PUT", location + "?digest=" + digest, content,
                "Content-Type", "application/octet-stream");
        assertEquals(201, put.statusCode(), new String(put.body()));
        return digest;
    }

    /** An OCI image manifest over a config and layers already pushed. */
    static byte[] manifest(Digest config, long configSize, List<Digest> layers, List<Long> sizes) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", MediaTypes.OCI_MANIFEST);
        root.set("config", descriptor("application/vnd.oci.image.config.v1+json", config, configSize));
        var array = root.putArray("layers");
        for (int i = 0; i < layers.size(); i++) {
            array.add(descriptor("application/vnd.oci.image.layer.v1.tar", layers.get(i), sizes.get(i)));
        }
        return Json.bytes(root);
    }

    static ObjectNode descriptor(String mediaType, Digest digest, long size) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("mediaType", mediaType);
        node.put("digest", digest.toString());
        node.put("size", size);
        return node;
    }

    /** Pushes one image of one config and one layer; returns the manifest's digest. */
    static Digest image(RunningStore store, String name, String tag, byte[] config, byte[] layer) throws Exception {
        Digest c = blob(store, name, config);
        Digest l = blob(store, name, layer);
        byte[] manifest = manifest(c, config.length, List.of(l), List.of((long) layer.length));
        HttpResponse<byte[]> put = store.send("PUT", "/v2/" + name + "/manifests/" + tag, manifest,
                "Content-Type", MediaTypes.OCI_MANIFEST);
        assertEquals(201, put.statusCode(), new String(put.body()));
        return Digest.of(manifest);
    }
}
