package io.berth.scheduler.placement;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PlacementRulesTest {

    @Test
    void readsSwarmStyleEnvironmentAndTheStrategyLabel() {
        PlacementRules rules = PlacementRules.read(List.of("PATH=/bin", "constraint:node.labels.disk==ssd",
                "constraint:node!=n2", "affinity:container==db", "affinity:label.app!=web"), Map.of("berth.strategy", "binpack"));
        assertEquals(List.of(new Constraint("node.labels.disk", new Match(true, "ssd")),
                new Constraint("node", new Match(false, "n2"))), rules.constraints());
        assertEquals(List.of(new Affinity("container", new Match(true, "db")),
                new Affinity("label.app", new Match(false, "web"))), rules.affinities());
        assertEquals(Strategy.BINPACK, rules.strategy());
        assertEquals("node.labels.disk==ssd", rules.constraints().get(0).toString());
    }

    @Test
    void noRulesMeansTheDefaults() {
        PlacementRules rules = PlacementRules.read(List.of("A=b"), Map.of("other", "x"));
        assertEquals(List.of(), rules.constraints());
        assertNull(rules.strategy());
    }

    @Test
    void unreadableRulesSayWhatWasExpected() {
        assertEquals("cannot read 'constraint:disk=ssd': expected KEY==VALUE or KEY!=VALUE",
                assertThrows(BadPlacementRule.class, () -> read("constraint:disk=ssd")).getMessage());
        assertEquals("unknown constraint key 'disk': expected node or node.labels.<name>",
                assertThrows(BadPlacementRule.class, () -> read("constraint:disk==ssd")).getMessage());
        assertEquals("unknown affinity key 'image': expected container or label.<name>",
                assertThrows(BadPlacementRule.class, () -> read("affinity:image==busybox")).getMessage());
        assertEquals("cannot read 'constraint:node==~n1': soft rules (==~) are not supported",
                assertThrows(BadPlacementRule.class, () -> read("constraint:node==~n1")).getMessage());
        assertEquals("cannot read 'constraint:node==': the value is empty",
                assertThrows(BadPlacementRule.class, () -> read("constraint:node==")).getMessage());
        assertEquals("unknown strategy 'random': expected spread or binpack",
                assertThrows(BadPlacementRule.class,
                        () -> PlacementRules.read(List.of(), Map.of("berth.strategy", "random"))).getMessage());
    }

    private static PlacementRules read(String entry) {
        return PlacementRules.read(List.of(entry), Map.of());
    }
}
