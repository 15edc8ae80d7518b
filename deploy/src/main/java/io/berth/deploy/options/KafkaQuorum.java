package io.berth.deploy.options;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The KRaft quorum an embedded broker belongs to: its own node id and every voter (itself among them). No voters
 * means the single-node broker Berth has always run, alone on loopback.
 *
 * @param nodeId this broker's (and controller's) node id
 * @param voters every controller of the quorum; empty for a broker alone
 */
public record KafkaQuorum(int nodeId, List<Voter> voters) {

    /** One controller of the quorum: {@code ID@HOST:PORT}, as Kafka's {@code controller.quorum.voters}. */
    public record Voter(int id, String host, int port) {
        @Override
        public String toString() {
            return id + "@" + host + ":" + port;
        }
    }

    /** The broker alone, node id 1, as before there were several. */
    public static final KafkaQuorum ALONE = new KafkaQuorum(1, List.of());

    public KafkaQuorum {
        voters = List.copyOf(voters);
    }

    /** Parses {@code --kafka-node-id} and {@code --kafka-voters 1@hostA:19093,2@hostB:19093,...}. */
    public static KafkaQuorum parse(String nodeId, String voters) {
        int id;
        try {
            id = Integer.parseInt(nodeId.trim());
        } catch (NumberFormatException e) {
            throw new BadOptionException("--kafka-node-id: expected a number, got '" + nodeId + "'");
        }
        if (id < 1) {
            throw new BadOptionException("--kafka-node-id: must be 1 or more, got " + id);
        }
        List<Voter> parsed = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        for (String entry : voters.split(",")) {
            String text = entry.trim();
            if (text.isEmpty()) {
                continue;
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)@([^:@\\s]+):(\\d+)").matcher(text);
            if (!m.matches()) {
                throw new BadOptionException("--kafka-voters: expected ID@HOST:PORT[,...], got '" + text + "'");
            }
            Voter voter = new Voter(Integer.parseInt(m.group(1)), m.group(2),
                    Ports.parse("--kafka-voters", m.group(3), 1));
            if (!ids.add(voter.id())) {
                throw new BadOptionException("--kafka-voters: node id " + voter.id() + " given twice");
            }
            parsed.add(voter);
        }
        if (!parsed.isEmpty() && !ids.contains(id)) {
            throw new BadOptionException("--kafka-voters: this broker's --kafka-node-id " + id + " is not among "
                    + voters.trim() + " (every control host runs a controller)");
        }
        if (parsed.isEmpty() && id != 1) {
            throw new BadOptionException("--kafka-node-id " + id + " needs --kafka-voters: a broker alone is node 1");
        }
        return new KafkaQuorum(id, parsed);
    }

    /** Whether this broker is alone (no other voter named). */
    public boolean alone() {
        return voters.size() <= 1;
    }

    /** This broker's own voter entry, or null when alone without voters given. */
    public Voter self() {
        return voters.stream().filter(v -> v.id() == nodeId).findFirst().orElse(null);
    }

    /** Replicas per partition: one per broker, at most three. */
    public short replicationFactor() {
        return (short) Math.max(1, Math.min(3, voters.size()));
    }

    /** Replicas that must hold a write before it counts (acks=all): two of three, so one broker may be lost. */
    public int minInsyncReplicas() {
        return replicationFactor() >= 3 ? 2 : 1;
    }

    /**
     * The KRaft cluster id every broker formats its log with: derived from the cluster name, so hosts started
     * apart from each other agree without passing an id around.
     */
    public static String clusterId(String clusterName) {
        UUID uuid = UUID.nameUUIDFromBytes(("berth-kafka:" + clusterName).getBytes(StandardCharsets.UTF_8));
        return new org.apache.kafka.common.Uuid(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits())
                .toString();
    }
}
