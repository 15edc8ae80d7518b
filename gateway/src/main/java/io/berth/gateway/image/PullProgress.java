package io.berth.gateway.image;

import io.berth.events.spec.Digest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON progress messages of a pull, as dockerd streams them: the CLI draws one bar per layer id from
 * {@code progressDetail}, and docker-java accepts the pull when the last status says "Image is up to date".
 */
public final class PullProgress {
    private static final int BAR_WIDTH = 50;

    public static Map<String, Object> start(ImageRef ref) {
        return status("Pulling from " + ref.repository(), ref.tag() != null ? ref.tag() : ref.digest());
    }

    /** A layer's step: {@code Pulling fs layer}, {@code Verifying Checksum}, {@code Download complete}, {@code Pull complete}. */
    public static Map<String, Object> layer(String status, String layerDigest) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("progressDetail", Map.of());
        m.put("id", layerId(layerDigest));
        return m;
    }

    /** {@code Downloading} with the byte counts the CLI turns into a bar. */
    public static Map<String, Object> downloading(String layerDigest, long current, long total) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "Downloading");
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("current", current);
        detail.put("total", total);
        m.put("progressDetail", detail);
        m.put("progress", bar(current, total));
        m.put("id", layerId(layerDigest));
        return m;
    }

    public static Map<String, Object> digest(String manifestDigest) {
        return status("Digest: " + manifestDigest, null);
    }

    /** The store already held the image, so nothing newer was fetched. */
    public static Map<String, Object> upToDate(ImageRef ref) {
        return status("Status: Image is up to date for " + ref.familiar(), null);
    }

    /** An error after the 200: the CLI prints {@code message} and exits 1. */
    public static Map<String, Object> error(String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errorDetail", Map.of("message", message));
        m.put("error", message);
        return m;
    }

    /** The 12-hex id dockerd gives a layer in progress output. */
    public static String layerId(String digest) {
        String hex = Digest.hexOf(digest);
        return hex.substring(0, Math.min(12, hex.length()));
    }

    /** dockerd's progress text: {@code [=====>     ]  1.05MB/2.1MB}. */
    static String bar(long current, long total) {
        if (total <= 0) {
            return humanSize(current);
        }
        int filled = (int) Math.min(BAR_WIDTH, current * BAR_WIDTH / total);
        StringBuilder b = new StringBuilder("[");
        b.append("=".repeat(filled));
        if (filled < BAR_WIDTH) {
            b.append('>').append(" ".repeat(BAR_WIDTH - filled - 1));
        }
        return b.append("]  ").append(humanSize(current)).append('/').append(humanSize(total)).toString();
    }

    /** go-units HumanSize: decimal units, four significant digits at most. */
    static String humanSize(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        double size = bytes;
        int unit = 0;
        while (size >= 1000 && unit < units.length - 1) {
            size /= 1000;
            unit++;
        }
        String text = String.format(Locale.ROOT, "%.4g", size);
        if (text.contains(".")) {
            text = text.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return text + units[unit];
    }

    private static Map<String, Object> status(String status, String id) {
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
