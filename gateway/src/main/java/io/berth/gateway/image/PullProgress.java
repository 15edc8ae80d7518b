package io.berth.gateway.image;

import io.berth.events.spec.LayerRef;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The progress messages of a pull that finds the image already in the store: docker-java accepts the pull
 * only if the first message has a status and the last says "Image is up to date".
 */
public final class PullProgress {

    public static List<Map<String, Object>> upToDate(ResolvedImage image) {
        ImageRef ref = image.ref();
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(message("Pulling from " + ref.repository(), ref.tag() != null ? ref.tag() : ref.digest()));
        for (LayerRef layer : image.layers()) {
            String hex = layer.digest().substring(layer.digest().indexOf(':') + 1);
            out.add(message("Already exists", hex.substring(0, Math.min(12, hex.length()))));
        }
        out.add(message("Digest: " + image.manifestDigest(), null));
        out.add(message("Status: Image is up to date for " + ref.familiar(), null));
        return out;
    }

    private static Map<String, Object> message(String status, String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        if (id != null) {
            m.put("id", id);
        }
        return m;
    }

    private PullProgress() {
    }
}
