package io.berth.agent.heartbeat;

import io.berth.events.state.Capacity;

import java.util.Map;

/** What a heartbeat says about this node, probed once at start. */
public record NodeFacts(String address, Capacity capacity, Map<String, String> labels, int cgroupVersion,
                        String kernelVersion) {
}
