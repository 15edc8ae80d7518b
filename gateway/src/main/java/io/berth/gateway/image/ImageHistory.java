package io.berth.gateway.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.spec.LayerRef;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /images/{name}/history}: the config's {@code history}, newest first. Each step that made a layer
 * takes that layer's size (as stored, compressed); the newest step carries the image ID and tags, older ones
 * {@code <missing>} as dockerd answers for images it did not build itself.
 */
public final class ImageHistory {

    public static List<Map<String, Object>> of(JsonNode config, String imageId, List<String> tags,
                                               List<LayerRef> layers) {
        List<Map<String, Object>> steps = new ArrayList<>();
        JsonNode history = config.path("history");
        int layer = 0;
        if (history.isArray() && !history.isEmpty()) {
            for (JsonNode h : history) {
                boolean empty = h.path("empty_layer").asBoolean(false);
                long size = 0;
                if (!empty && layer < layers.size()) {
                    size = layers.get(layer++).size();
                }
                steps.add(step(h.path("created").asText(null), h.path("created_by").asText(""),
                        h.path("comment").asText(""), size));
            }
        }
        // layers the history does not account for (a config without history) still show, one step each
        for (; layer < layers.size(); layer++) {
            steps.add(step(config.path("created").asText(null), "", "", layers.get(layer).size()));
        }
        Collections.reverse(steps);
        for (int i = 0; i < steps.size(); i++) {
            steps.get(i).put("Id", i == 0 ? imageId : "<missing>");
            steps.get(i).put("Tags", i == 0 && !tags.isEmpty() ? tags : null);
        }
        return steps;
    }

    private static Map<String, Object> step(String created, String createdBy, String comment, long size) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Id", null);
        out.put("Created", ImageViews.unix(created));
        out.put("CreatedBy", createdBy);
        out.put("Tags", null);
        out.put("Size", size);
        out.put("Comment", comment);
        return out;
    }

    private ImageHistory() {
    }
}
