package io.berth.gateway.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.spec.DeviceRate;
import io.berth.events.spec.DiskLimits;
import io.berth.gateway.http.ApiError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The block I/O fields of a {@code HostConfig} ({@code BlkioWeight}, {@code BlkioDevice{Read,Write}{Bps,IOps}})
 * read with Docker's typing and range rules. Only the shape is checked here: whether each device exists is
 * known on the container's node alone, whose agent stats it.
 */
public final class HostDiskLimits {
    /** The four throttle fields, in the order Docker lists them, with the flag each comes from. */
    public static final Map<String, String> THROTTLES = throttles();

    private HostDiskLimits() {
    }

    private static Map<String, String> throttles() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("BlkioDeviceReadBps", "--device-read-bps");
        m.put("BlkioDeviceWriteBps", "--device-write-bps");
        m.put("BlkioDeviceReadIOps", "--device-read-iops");
        m.put("BlkioDeviceWriteIOps", "--device-write-iops");
        return Map.copyOf(m);
    }

    public static DiskLimits parse(JsonNode host) {
        return new DiskLimits(weight(host), rates(host, "BlkioDeviceReadBps"), rates(host, "BlkioDeviceWriteBps"),
                rates(host, "BlkioDeviceReadIOps"), rates(host, "BlkioDeviceWriteIOps"));
    }

    static int weight(JsonNode host) {
        JsonNode w = host.get("BlkioWeight");
        if (w == null || w.isNull()) {
            return 0;
        }
        if (!w.isIntegralNumber() || w.asLong() < 0 || w.asLong() > 65535) {
            throw ApiError.badRequest("invalid JSON: json: cannot unmarshal " + w + " into Go struct field "
                    + "HostConfig.BlkioWeight of type uint16");
        }
        int weight = w.asInt();
        if (weight > 0 && (weight < 10 || weight > 1000)) {
            throw ApiError.badRequest("Range of blkio weight is from 10 to 1000");
        }
        return weight;
    }

    /** One field's list; a later entry for the same path wins, as the kernel keeps the last rule written. */
    static List<DeviceRate> rates(JsonNode host, String field) {
        JsonNode list = host.get(field);
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw ApiError.badRequest("invalid JSON: json: cannot unmarshal " + list.getNodeType().name().toLowerCase()
                    + " into Go struct field HostConfig." + field + " of type []*blkiodev.ThrottleDevice");
        }
        Map<String, DeviceRate> byPath = new LinkedHashMap<>();
        for (JsonNode item : list) {
            JsonNode path = item.get("Path");
            JsonNode rate = item.get("Rate");
            if (path == null || !path.isTextual() || !path.asText().startsWith("/")) {
                throw ApiError.badRequest("invalid device path for " + THROTTLES.get(field) + ": " + item
                        + ": the path must be an absolute path on the node, such as /dev/sda");
            }
            if (rate == null || !rate.isIntegralNumber() || rate.asLong() < 0) {
                throw ApiError.badRequest("invalid rate for " + THROTTLES.get(field) + " " + path.asText() + ": "
                        + rate + ": a rate is a number of bytes or operations per second, 0 or more");
            }
            byPath.remove(path.asText());
            byPath.put(path.asText(), new DeviceRate(path.asText(), rate.asLong()));
        }
        return new ArrayList<>(byPath.values());
    }
}
