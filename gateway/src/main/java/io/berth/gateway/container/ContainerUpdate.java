package io.berth.gateway.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.events.Json;
import io.berth.events.spec.DeviceRate;
import io.berth.events.spec.Resources;
import io.berth.gateway.http.ApiError;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code docker update} body merged over a container's create body with dockerd's rules (daemon/update.go and
 * container.UpdateContainer): 0 or absent leaves a value as it was, {@code PidsLimit} 0 or -1 lifts the limit, a
 * restart policy with an empty name is no change. Refuses with a 400 any field Berth does not honour, dockerd's
 * conflicts, and what a create would refuse. Pure.
 *
 * @param resources     every limit after the update
 * @param restartPolicy the restart policy name after it
 * @param hostConfig    the {@code HostConfig} fields the update sets, for the record's create body
 */
public record ContainerUpdate(Resources resources, String restartPolicy, ObjectNode hostConfig) {

    /** The fields of dockerd's UpdateConfig Berth applies. */
    static final Set<String> HONOURED = Set.of("Memory", "MemorySwap", "NanoCpus", "CpuShares", "CpuQuota",
            "CpuPeriod", "CpusetCpus", "PidsLimit", "RestartPolicy", "BlkioWeight", "BlkioDeviceReadBps",
            "BlkioDeviceWriteBps", "BlkioDeviceReadIOps", "BlkioDeviceWriteIOps");

    private static final List<String> NUMBERS = List.of("Memory", "MemorySwap", "NanoCpus", "CpuShares",
            "CpuQuota", "CpuPeriod", "CpusetCpus", "BlkioWeight");

    private static final Map<String, String> FLAGS = Map.of("MemoryReservation", "--memory-reservation",
            "CpusetMems", "--cpuset-mems", "CpuRealtimePeriod", "--cpu-rt-period",
            "CpuRealtimeRuntime", "--cpu-rt-runtime", "KernelMemory", "--kernel-memory",
            "BlkioWeightDevice", "--blkio-weight-device", "Devices", "--device", "Ulimits", "--ulimit");

    /**
     * @param created the container's create body as recorded ({@code HostConfig} is read from it)
     * @param policy  the restart policy name the container has now
     * @param update  the update body
     * @param cpus    the CPUs of the container's node (0 unknown: the CPU count rules are skipped)
     */
    public static ContainerUpdate of(JsonNode created, String policy, JsonNode update, int cpus) {
        if (update == null || !update.isObject()) {
            throw ApiError.badRequest("invalid JSON: json: cannot unmarshal " + (update == null ? "null"
                    : update.getNodeType().name().toLowerCase()) + " into Go value of type container.UpdateConfig");
        }
        refuseUnhonoured(update);
        JsonNode host = created == null ? null : created.get("HostConfig");
        ObjectNode current = host instanceof ObjectNode o ? o.deepCopy() : Json.MAPPER.createObjectNode();
        HostResources before = HostResources.parse(current);
        ObjectNode patch = Json.MAPPER.createObjectNode();
        for (String field : NUMBERS) {
            if (!HonouredFields.zero(update.get(field))) {
                patch.set(field, update.get(field));
            }
        }
        if (update.hasNonNull("PidsLimit")) {
            patch.set("PidsLimit", update.get("PidsLimit"));
        }
        HostResources asked = HostResources.parse(patch);
        conflicts(before, asked);
        for (String field : HostDiskLimits.THROTTLES.keySet()) {
            List<DeviceRate> changes = HostDiskLimits.rates(update, field);
            if (!changes.isEmpty()) {
                patch.set(field, mergedRates(HostDiskLimits.rates(current, field), changes));
            }
        }
        HostDiskLimits.weight(update);
        String newPolicy = restartPolicy(update, current, patch, policy);
        ObjectNode merged = current.deepCopy();
        merged.setAll(patch);
        Resources resources = HostResources.parse(merged).check(cpus).toResources()
                .withDisk(HostDiskLimits.parse(merged));
        return new ContainerUpdate(resources, newPolicy, patch);
    }

    private static void refuseUnhonoured(JsonNode update) {
        Iterator<Map.Entry<String, JsonNode>> fields = update.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!HONOURED.contains(f.getKey()) && !HonouredFields.zero(f.getValue())) {
                String flag = FLAGS.get(f.getKey());
                throw ApiError.badRequest("Berth does not support " + f.getKey()
                        + (flag == null ? "" : " (" + flag + ")") + " in an update: refusing to update without it");
            }
        }
    }

    /** dockerd's words for the updates that clash with what the container already has. */
    private static void conflicts(HostResources before, HostResources asked) {
        if (asked.nanoCpus() > 0 && before.cpuPeriod() > 0) {
            throw ApiError.badRequest("Conflicting options: Nano CPUs cannot be updated as CPU Period has already been set");
        }
        if (asked.nanoCpus() > 0 && before.cpuQuota() > 0) {
            throw ApiError.badRequest("Conflicting options: Nano CPUs cannot be updated as CPU Quota has already been set");
        }
        if (asked.cpuPeriod() > 0 && before.nanoCpus() > 0) {
            throw ApiError.badRequest("Conflicting options: CPU Period cannot be updated as NanoCPUs has already been set");
        }
        if (asked.cpuQuota() > 0 && before.nanoCpus() > 0) {
            throw ApiError.badRequest("Conflicting options: CPU Quota cannot be updated as NanoCPUs has already been set");
        }
        if (asked.memory() > 0 && asked.memorySwap() == 0 && before.memorySwap() > 0
                && asked.memory() > before.memorySwap()) {
            throw ApiError.badRequest("Memory limit should be smaller than already set memoryswap limit, update the "
                    + "memoryswap at the same time");
        }
    }

    /** The container's throttles with the update's laid over them by path; a rate of 0 removes that device's. */
    private static ArrayNode mergedRates(List<DeviceRate> current, List<DeviceRate> changes) {
        Map<String, Long> byPath = new LinkedHashMap<>();
        current.forEach(d -> byPath.put(d.path(), d.rate()));
        changes.forEach(d -> byPath.put(d.path(), d.rate()));
        ArrayNode out = Json.MAPPER.createArrayNode();
        byPath.forEach((path, rate) -> {
            if (rate > 0) {
                out.addObject().put("Path", path).put("Rate", rate);
            }
        });
        return out;
    }

    private static String restartPolicy(JsonNode update, JsonNode current, ObjectNode patch, String policy) {
        JsonNode restart = update.get("RestartPolicy");
        if (restart == null || restart.isNull()) {
            return policy;
        }
        if (!restart.isObject()) {
            throw ApiError.badRequest("invalid JSON: json: cannot unmarshal " + restart.getNodeType().name()
                    .toLowerCase() + " into Go struct field UpdateConfig.RestartPolicy of type container.RestartPolicy");
        }
        String name = restart.path("Name").asText("");
        long retries = restart.path("MaximumRetryCount").asLong(0);
        if (name.isEmpty()) {
            return policy;
        }
        if (current.path("AutoRemove").asBoolean(false) && !name.equals("no")) {
            throw ApiError.badRequest("Restart policy cannot be updated because AutoRemove is enabled for the container");
        }
        if (!List.of("no", "always", "on-failure", "unless-stopped").contains(name)) {
            throw ApiError.badRequest("invalid restart policy: unknown policy '" + name
                    + "'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
        }
        if (retries < 0) {
            throw ApiError.badRequest("invalid restart policy: maximum retry count cannot be negative");
        }
        if (retries > 0 && !name.equals("on-failure")) {
            throw ApiError.badRequest("invalid restart policy: maximum retry count can only be used with 'on-failure'");
        }
        patch.putObject("RestartPolicy").put("Name", name).put("MaximumRetryCount", retries);
        return name;
    }
}
