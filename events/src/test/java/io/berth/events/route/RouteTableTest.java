package io.berth.events.route;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteTableTest {
    private static final String HEX = "a".repeat(64);

    private final RouteTable<String> table = new RouteTable<String>()
            .add("GET", "/containers/{id}/json", "inspect")
            .add("POST", "/images/{name*}/tag", "tag")
            .add("GET", "/containers/{id:[0-9a-f]{64}}/exec/{exec:[0-9a-f]{64}}/start", "exec");

    @Test
    void namesEachParameterAndKeepsTheTemplate() {
        RouteTable.Match<String> m = table.match("GET", "/containers/web/json").orElseThrow();
        assertEquals("inspect", m.handler());
        assertEquals("/containers/{id}/json", m.template());
        assertEquals(Map.of("id", "web"), m.params());
    }

    @Test
    void aStarParameterTakesSlashes() {
        assertEquals(Map.of("name", "library/busybox:1"),
                table.match("POST", "/images/library/busybox:1/tag").orElseThrow().params());
    }

    @Test
    void aRegexParameterRefusesWhatItDoesNotMatch() {
        String ok = "/containers/" + HEX + "/exec/" + "b".repeat(64) + "/start";
        assertEquals(Map.of("id", HEX, "exec", "b".repeat(64)), table.match("GET", ok).orElseThrow().params());
        assertEquals(Optional.empty(), table.match("GET", "/containers/web/exec/" + HEX + "/start"));
    }

    @Test
    void methodAndWholePathMustMatch() {
        assertTrue(table.match("POST", "/containers/web/json").isEmpty());
        assertTrue(table.match("GET", "/containers/web/json/x").isEmpty());
        assertTrue(table.match("GET", "/containers//json").isEmpty());
    }

    @Test
    void decodesPercentEscapesButNotPlus() {
        assertEquals("a b+c", table.match("GET", "/containers/a%20b+c/json").orElseThrow().params().get("id"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> table.match("GET", "/containers/a%zz/json"));
        assertEquals("malformed escape in a%zz", e.getMessage());
    }

    @Test
    void refusesABadTemplate() {
        assertThrows(IllegalArgumentException.class, () -> table.add("GET", "/x/{id", "x"));
        assertThrows(IllegalArgumentException.class, () -> table.add("GET", "/x/{1}", "x"));
    }
}
