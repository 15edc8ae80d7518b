package io.berth.agent.net;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkVnisTest {

    @Test
    void aNetworkKeepsItsVniAndTwoNetworksNeverShareOne() {
        ConcurrentHashMap<String, String> map = new ConcurrentHashMap<>();
        NetworkVnis vnis = new NetworkVnis(map);
        String a = "0000001" + "a".repeat(57);
        int first = vnis.of(a);
        assertEquals(2, first, "derived from the id's first hex digits");
        assertEquals(first, new NetworkVnis(map).of(a), "another agent reads the same");
        // a network whose derived number is taken moves on to the next free one
        String b = "0000001" + "b".repeat(57);
        int second = vnis.of(b);
        assertNotEquals(first, second);
        assertEquals(3, second);
        assertEquals(a, map.get("vni/2"));
        assertEquals(b, map.get("vni/3"));
    }

    @Test
    void anAgentThatLostTheRaceTakesTheWinnersVniAndGivesItsClaimBack() {
        String net = "0000005" + "c".repeat(57);
        ConcurrentHashMap<String, String> map = new ConcurrentHashMap<>();
        map.put(net, "77"); // another agent recorded 77 after we looked
        map.put("vni/77", net);
        NetworkVnis vnis = new NetworkVnis(new ConcurrentHashMap<>(map) {
            private boolean first = true;

            @Override
            public String get(Object key) {
                if (first && key.equals(net)) {
                    first = false;
                    return null; // our first look saw nothing yet
                }
                return super.get(key);
            }
        });
        assertEquals(77, vnis.of(net));
    }

    @Test
    void vnisOfRemovedNetworksAreGivenBack() {
        ConcurrentHashMap<String, String> map = new ConcurrentHashMap<>();
        NetworkVnis vnis = new NetworkVnis(map);
        String kept = "1" + "a".repeat(63);
        String gone = "2" + "b".repeat(63);
        vnis.of(kept);
        vnis.of(gone);
        vnis.releaseUnless(Set.of(kept)::contains);
        assertEquals(2, map.size());
        assertTrue(map.containsKey(kept) && map.containsValue(kept));
    }
}
