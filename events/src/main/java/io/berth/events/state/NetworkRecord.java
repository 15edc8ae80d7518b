package io.berth.events.state;

import java.util.Map;

/**
 * A user-defined network (Hazelcast {@code networks} map, keyed by name): written by the gateway at
 * {@code docker network create}, read by every node agent that places a container on it. Its subnet is held in
 * {@code bridge-subnets} as {@code network:<name>} for as long as the record lives.
 *
 * @param id         64 hex characters
 * @param name       the name users and compose refer to it by
 * @param driver     always {@code bridge} for now
 * @param subnet     the IPv4 subnet ({@code 10.87.5.0/24})
 * @param gateway    the bridge's address on each node, and the containers' DNS server
 * @param internal   no route out of the network: nothing masqueraded, nothing forwarded off its bridge
 * @param attachable accepted and shown, as dockerd does for a local bridge
 * @param labels     user labels ({@code com.docker.compose.project})
 * @param created    RFC 3339 time of creation
 */
public record NetworkRecord(String id, String name, String driver, String subnet, String gateway, boolean internal,
                            boolean attachable, Map<String, String> labels, String created) {

    public NetworkRecord {
        driver = driver == null || driver.isEmpty() ? "bridge" : driver;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /**
     * A network's id, derived from its name (also for the built-in {@code bridge}, {@code host}, {@code none}), so
     * a container's view names it without a lookup. dockerd's are random; clients only compare them.
     */
    public static String idOf(String name) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(("network/" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The value a user-defined network's subnet has in {@code bridge-subnets}. */
    public static String subnetHolder(String name) {
        return "network:" + name;
    }
}
