package io.berth.gateway.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.spec.Resources;
import io.berth.events.state.NodeRecord;
import io.berth.events.state.NodeState;
import io.berth.gateway.http.ApiError;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The resource fields of a create's {@code HostConfig}, read once, checked with dockerd's rules and words
 * (verifyPlatformContainerResources), and turned into the spec's {@link Resources}.
 */
public record HostResources(long memory, long memorySwap, long nanoCpus, long cpuQuota, long cpuPeriod,
                            long cpuShares, long pidsLimit, String cpusetCpus) {
    static final long MIN_MEMORY = 6L << 20;
    static final long DEFAULT_CFS_PERIOD = 100_000;

    /** One named rule: empty when the request passes, else the message of the 400. */
    record Check(String name, Function<HostResources, Optional<String>> rule) {
    }

    public static HostResources parse(JsonNode host) {
        return new HostResources(number(host, "Memory"), number(host, "MemorySwap"), number(host, "NanoCpus"),
                number(host, "CpuQuota"), number(host, "CpuPeriod"), number(host, "CpuShares"),
                number(host, "PidsLimit"), text(host, "CpusetCpus"));
    }

    /**
     * Fails with dockerd's 400 on the first rule broken. {@code cpus} is the most CPUs any node offers (0 when
     * unknown, which skips the CPU-count rules): a best effort, since the node is chosen only after this.
     */
    public HostResources check(int cpus) {
        for (Check c : checks(cpus)) {
            Optional<String> broken = c.rule().apply(this);
            if (broken.isPresent()) {
                throw ApiError.badRequest(broken.get());
            }
        }
        return this;
    }

    static List<Check> checks(int cpus) {
        List<Check> checks = new ArrayList<>(List.of(
                new Check("memory floor", r -> when(r.memory != 0 && r.memory < MIN_MEMORY,
                        "Minimum memory limit allowed is 6MB")),
                new Check("swap above memory", r -> when(r.memory > 0 && r.memorySwap > 0 && r.memorySwap < r.memory,
                        "Minimum memoryswap limit should be larger than memory limit, see usage")),
                new Check("swap needs memory", r -> when(r.memory == 0 && r.memorySwap > 0,
                        "You should always set the Memory limit when using Memoryswap limit, see usage")),
                new Check("nano cpus or period", r -> when(r.nanoCpus > 0 && r.cpuPeriod > 0,
                        "Conflicting options: Nano CPUs and CPU Period cannot both be set")),
                new Check("nano cpus or quota", r -> when(r.nanoCpus > 0 && r.cpuQuota > 0,
                        "Conflicting options: Nano CPUs and CPU Quota cannot both be set")),
                new Check("cfs period range", r -> when(r.cpuPeriod != 0 && (r.cpuPeriod < 1000 || r.cpuPeriod > 1_000_000),
                        "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)")),
                new Check("cfs quota floor", r -> when(r.cpuQuota > 0 && r.cpuQuota < 1000,
                        "CPU cfs quota can not be less than 1ms (i.e. 1000)")),
                new Check("cpuset syntax", r -> when(!r.cpusetCpus.isEmpty() && CpuSet.highest(r.cpusetCpus) < 0,
                        "Invalid value " + r.cpusetCpus + " for cpuset cpus"))));
        if (cpus > 0) {
            checks.add(new Check("cpus on a node", r -> when(r.nanoCpus < 0 || r.nanoCpus > cpus * 1_000_000_000L,
                    "Range of CPUs is from 0.01 to " + cpus + ".00, as there are only " + cpus + " CPUs available")));
            checks.add(new Check("cpuset on a node", r -> when(CpuSet.highest(r.cpusetCpus) >= cpus,
                    "Requested CPUs are not available - requested " + r.cpusetCpus + ", available: "
                            + (cpus == 1 ? "0" : "0-" + (cpus - 1)))));
        }
        return checks;
    }

    /** The CPU count of the largest ready node, for the best-effort CPU checks of a create; 0 when none. */
    public static int cpusOfLargestNode(List<NodeRecord> nodes) {
        long nano = nodes.stream().filter(n -> n.state() == NodeState.READY)
                .mapToLong(n -> n.capacity() == null ? 0 : n.capacity().nanoCpus()).max().orElse(0);
        return (int) (nano / 1_000_000_000L);
    }

    /** The spec's limits: a quota and period become nano CPUs, a pids limit of zero or less means none. */
    public Resources toResources() {
        long nano = nanoCpus;
        if (nano == 0 && cpuQuota > 0) {
            long period = cpuPeriod > 0 ? cpuPeriod : DEFAULT_CFS_PERIOD;
            nano = cpuQuota * 1_000_000_000L / period;
        }
        return new Resources(memory, nano, Math.max(0, pidsLimit), cpuShares, memorySwap, cpusetCpus);
    }

    private static Optional<String> when(boolean broken, String message) {
        return broken ? Optional.of(message) : Optional.empty();
    }

    private static long number(JsonNode host, String name) {
        JsonNode node = host.get(name);
        if (node == null || node.isNull()) {
            return 0;
        }
        if (!node.isIntegralNumber()) {
            throw ApiError.badRequest("invalid JSON: json: cannot unmarshal " + node.getNodeType().name().toLowerCase()
                    + " into Go struct field HostConfig." + name + " of type int64");
        }
        return node.asLong();
    }

    private static String text(JsonNode host, String name) {
        JsonNode node = host.get(name);
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isTextual()) {
            throw ApiError.badRequest("invalid JSON: json: cannot unmarshal " + node.getNodeType().name().toLowerCase()
                    + " into Go struct field HostConfig." + name + " of type string");
        }
        return node.asText();
    }
}
