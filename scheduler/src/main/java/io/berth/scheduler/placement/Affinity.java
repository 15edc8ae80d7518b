package io.berth.scheduler.placement;

import java.util.Map;

/**
 * A rule on the containers already on a node: {@code -e affinity:container==web} (the node runs a container
 * named or id'd {@code web}), {@code -e affinity:label.app==db} (it runs one labelled {@code app=db}); with
 * {@code !=} the node must run no such container (anti-affinity).
 *
 * @param key   {@code container} or {@code label.<name>}
 * @param match what the container's name/id or label must equal; {@code !=} turns the rule into anti-affinity
 */
public record Affinity(String key, Match match) {
    static final String LABEL_PREFIX = "label.";

    public Affinity {
        if (!key.equals("container") && !(key.startsWith(LABEL_PREFIX) && key.length() > LABEL_PREFIX.length())) {
            throw new BadPlacementRule("unknown affinity key '" + key + "': expected container or label.<name>");
        }
    }

    /** Whether {@code resident} is one of the containers this rule is about (the {@code ==} reading of it). */
    public boolean selects(Resident resident) {
        Match positive = new Match(true, match.value());
        if (key.equals("container")) {
            return positive.test(resident.name()) || positive.test(resident.id())
                    || (match.value().length() >= 12 && resident.id().startsWith(match.value()));
        }
        Map<String, String> labels = resident.labels();
        return positive.test(labels.get(key.substring(LABEL_PREFIX.length())));
    }

    @Override
    public String toString() {
        return key + match.operator() + match.value();
    }
}
