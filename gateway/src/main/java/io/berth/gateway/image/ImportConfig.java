package io.berth.gateway.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.events.Json;

import java.time.Instant;
import java.util.List;

/** The config of an image made by {@code docker import}: one layer, the {@code -c} changes, one history step. */
public final class ImportConfig {

    /**
     * @param diffId  the plain tar's digest
     * @param comment {@code -m}, else dockerd's {@code Imported from <source>}
     */
    public static byte[] of(String diffId, Instant created, List<String> changes, String comment) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("architecture", "amd64");
        root.put("os", "linux");
        root.put("created", created.toString());
        ObjectNode config = root.putObject("config");
        ImportChanges.apply(changes, config);
        ObjectNode rootfs = root.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids").add(diffId);
        ObjectNode step = root.putArray("history").addObject();
        step.put("created", created.toString());
        step.put("comment", comment);
        return Json.bytes(root);
    }

    private ImportConfig() {
    }
}
