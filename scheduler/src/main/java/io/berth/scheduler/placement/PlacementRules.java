package io.berth.scheduler.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads placement rules the way classic Swarm did: environment entries {@code constraint:KEY==VALUE},
 * {@code constraint:KEY!=VALUE}, {@code affinity:KEY==VALUE}, {@code affinity:KEY!=VALUE}, and the label
 * {@code berth.strategy=spread|binpack}.
 */
public record PlacementRules(List<Constraint> constraints, List<Affinity> affinities, Strategy strategy) {
    private static final String CONSTRAINT = "constraint:";
    private static final String AFFINITY = "affinity:";

    public static PlacementRules read(List<String> env, Map<String, String> labels) {
        List<Constraint> constraints = new ArrayList<>();
        List<Affinity> affinities = new ArrayList<>();
        for (String entry : env) {
            if (entry.startsWith(CONSTRAINT)) {
                String rule = entry.substring(CONSTRAINT.length());
                int at = operatorAt(entry, rule);
                constraints.add(new Constraint(rule.substring(0, at).trim(), match(entry, rule, at)));
            } else if (entry.startsWith(AFFINITY)) {
                String rule = entry.substring(AFFINITY.length());
                int at = operatorAt(entry, rule);
                affinities.add(new Affinity(rule.substring(0, at).trim(), match(entry, rule, at)));
            }
        }
        String strategy = labels.get(Strategy.LABEL);
        return new PlacementRules(constraints, affinities, strategy == null ? null : Strategy.parse(strategy));
    }

    private static int operatorAt(String entry, String rule) {
        int eq = rule.indexOf("==");
        int ne = rule.indexOf("!=");
        int at = eq < 0 ? ne : ne < 0 ? eq : Math.min(eq, ne);
        if (at <= 0) {
            throw new BadPlacementRule("cannot read '" + entry + "': expected KEY==VALUE or KEY!=VALUE");
        }
        return at;
    }

    private static Match match(String entry, String rule, int at) {
        String value = rule.substring(at + 2).trim();
        if (value.startsWith("~")) {
            throw new BadPlacementRule("cannot read '" + entry + "': soft rules (==~) are not supported");
        }
        if (value.isEmpty()) {
            throw new BadPlacementRule("cannot read '" + entry + "': the value is empty");
        }
        return new Match(rule.startsWith("==", at), value);
    }
}
