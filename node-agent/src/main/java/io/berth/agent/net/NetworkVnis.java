package io.berth.agent.net;

import java.util.concurrent.ConcurrentMap;

/**
 * Hands out one VXLAN id per user-defined network, cluster-wide (Hazelcast {@code network-vnis}): the first agent
 * to carry a network claims {@code vni/<n>} for it with {@code putIfAbsent} (a taken number moves it on to the
 * next), then records {@code <network id>} → n the same way; an agent that lost that race gives its claim back and
 * takes the winner's. So every node tunnels a network under the same id, and two networks never share one.
 */
public final class NetworkVnis {
    /** VNIs are 24 bits; 0 and the top are avoided. */
    static final int SPACE = (1 << 24) - 2;

    private final ConcurrentMap<String, String> map;

    public NetworkVnis(ConcurrentMap<String, String> map) {
        this.map = map;
    }

    /** The network's VNI, claimed now if it has none yet. */
    public int of(String networkId) {
        String held = map.get(networkId);
        if (held != null) {
            return Integer.parseInt(held);
        }
        // start from a number derived from the id: the usual case takes its first candidate
        int candidate = 1 + Math.floorMod(Integer.parseUnsignedInt(networkId.substring(0, 7), 16), SPACE);
        for (int i = 0; i < SPACE; i++, candidate = candidate % SPACE + 1) {
            String claim = "vni/" + candidate;
            String owner = map.putIfAbsent(claim, networkId);
            if (owner != null && !owner.equals(networkId)) {
                continue;
            }
            String won = map.putIfAbsent(networkId, Integer.toString(candidate));
            if (won == null || won.equals(Integer.toString(candidate))) {
                return candidate;
            }
            map.remove(claim, networkId);
            return Integer.parseInt(won);
        }
        throw new IllegalStateException("no VXLAN id left for network " + networkId);
    }

    /** Gives back the VNIs of networks that no longer exist ({@code live} answers whether an id still does). */
    public void releaseUnless(java.util.function.Predicate<String> live) {
        for (var e : map.entrySet()) {
            if (e.getKey().startsWith("vni/")) {
                if (!live.test(e.getValue())) {
                    map.remove(e.getKey(), e.getValue());
                }
            } else if (!live.test(e.getKey())) {
                map.remove(e.getKey(), e.getValue());
            }
        }
    }
}
