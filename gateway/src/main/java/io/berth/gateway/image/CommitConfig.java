package io.berth.gateway.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.events.Json;

import java.time.Instant;
import java.util.List;

/**
 * The config of an image made by {@code docker commit}: the base image's config with the container's config as
 * its runtime defaults, the {@code -c} changes on top, the new layer's diff id appended and one history step, as
 * dockerd writes it.
 */
public final class CommitConfig {

    /**
     * @param base            the base image's config blob
     * @param containerConfig the container's {@code Config} as inspect shows it (not changed)
     * @param createdBy       the container's command, the history step's {@code created_by}
     */
    public static byte[] of(byte[] base, ObjectNode containerConfig, List<String> changes, String diffId,
                            Instant created, String createdBy, String containerId, String author, String comment) {
        ObjectNode root = Json.read(base, ObjectNode.class);
        ObjectNode config = containerConfig.deepCopy();
        ImportChanges.apply(changes, config);
        root.set("config", config);
        root.put("created", created.toString());
        root.put("container", containerId);
        if (!author.isEmpty()) {
            root.put("author", author);
        } else {
            root.remove("author");
        }
        if (!comment.isEmpty()) {
            root.put("comment", comment);
        } else {
            root.remove("comment");
        }
        ObjectNode rootfs = root.has("rootfs") && root.get("rootfs").isObject()
                ? (ObjectNode) root.get("rootfs") : root.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.withArray("diff_ids").add(diffId);
        ObjectNode step = root.withArray("history").addObject();
        step.put("created", created.toString());
        step.put("created_by", createdBy);
        if (!author.isEmpty()) {
            step.put("author", author);
        }
        if (!comment.isEmpty()) {
            step.put("comment", comment);
        }
        return Json.bytes(root);
    }

    private CommitConfig() {
    }
}
