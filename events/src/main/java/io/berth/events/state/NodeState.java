package io.berth.events.state;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a node stands with the scheduler. The agent's heartbeat makes a {@code down} node {@code ready} again;
 * the other states only an operator changes. On the wire (and in the {@code nodes} map) the lower-case name.
 */
public enum NodeState {
    /** Heart-beating and taking new containers. */
    READY,
    /** Silent longer than the grace: its containers are lost and moved. */
    DOWN,
    /** Being emptied: its containers are moved or stopped, and it takes nothing new. */
    DRAINING,
    /** Keeps what it runs but takes nothing new. */
    CORDONED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The state named {@code text} ({@code ready}, …); the message names an unknown one. */
    @JsonCreator
    public static NodeState parse(String text) {
        for (NodeState s : values()) {
            if (s.wire().equals(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown node state \"" + text + "\": want ready, down, draining or cordoned");
    }

    @Override
    public String toString() {
        return wire();
    }
}
