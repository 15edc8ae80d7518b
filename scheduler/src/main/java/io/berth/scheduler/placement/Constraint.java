package io.berth.scheduler.placement;

import io.berth.events.state.NodeRecord;

/**
 * A rule on the node itself ({@code -e constraint:node==n1}, {@code -e constraint:node.labels.disk==ssd}).
 *
 * @param key   {@code node} (the node id) or {@code node.labels.<name>}
 * @param match {@code ==} or {@code !=} a value, {@code *} wildcards allowed
 */
public record Constraint(String key, Match match) {
    static final String LABEL_PREFIX = "node.labels.";

    public Constraint {
        if (!key.equals("node") && !(key.startsWith(LABEL_PREFIX) && key.length() > LABEL_PREFIX.length())) {
            throw new BadPlacementRule("unknown constraint key '" + key + "': expected node or node.labels.<name>");
        }
    }

    public boolean test(NodeRecord node) {
        return match.test(key.equals("node") ? node.id() : node.labels().get(key.substring(LABEL_PREFIX.length())));
    }

    /** What a node that fails this rule is counted as. */
    String mismatch() {
        return key.equals("node") ? "node mismatch" : "label mismatch";
    }

    @Override
    public String toString() {
        return key + match.operator() + match.value();
    }
}
